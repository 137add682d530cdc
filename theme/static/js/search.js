// The search page: one ES module, loaded by search.html. Nothing is fetched until the visitor first
// interacts with the form (or arrives with a search in the URL); then lunr.js, the language's lunr
// index and its documents file load once. The index is the one plugins/search_index built with
// lunr.py, analysed by the same pipeline (./analysis.js registers it under the same names).
// Results are written with textContent only; the count is announced in role="status".

import { prefixes, register, words } from "./analysis.js";

/**
 * The documents file (plugins/search_index/documents.py writes it).
 * @typedef {{k: string, values: string[], labels: string[]}} FacetData
 * @typedef {{u: string, n: string, s: string, w: string, f: number[][], g?: [number, number], x?: string, l?: {n?: string, s?: string}}} Doc
 * @typedef {{v: number, url: string, dirs: Object<string, string>, facets: FacetData[], docs: Doc[]}} Documents
 * @typedef {{index: object, data: Documents, lunr: object, facetIndex: Object<string, number>, members: Map<string, number[]>}} Engine
 *
 * The index is lunr.py's, packed by plugins/search_index/index.py `pack` (see `unpack`).
 * Refs are a document's place in Documents.docs, or "facet|value"
 * for the names of a facet value (a topic, place, audience, attendance or meeting language), which
 * stand for every document with that value.
 */

const PAGE = 20;
const DEBOUNCE_MS = 120;
const MAX_WORDS = 12;
const ONE_EDIT_FROM = 4; // letters: shorter words get no typo tolerance
const TWO_EDITS_FROM = 7;
const FUZZY_BELOW = 3; // typo tolerance is tried when fewer entries than this match as typed
const FEW = 3; // fewer results than this for every word: documents matching most words follow

/** Load a classic script once (lunr.js is UMD, not a module). */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/**
 * lunr's serialisation of the index from the packed form (plugins/search_index/index.py `pack`):
 * postings from each document's term positions, and each field vector's BM25 scores computed as
 * lunr's builder computes them (tests/test_search_build.py checks the result against lunr.py's own).
 */
export function unpack(packed) {
  if (packed.packed !== 2) return packed;
  const { fields, terms, documents, boosts, k1, b } = packed;
  const postings = terms.map((_, i) => {
    const posting = { _index: i };
    for (const field of fields) posting[field] = {};
    return posting;
  });
  const found = new Array(terms.length).fill(0); // documents-and-fields with the term, as lunr.idf counts
  const lengths = fields.map(() => 0);
  const counted = [];
  for (const [ref, ...lists] of documents) {
    lists.forEach((deltas, k) => {
      let position = 0;
      const frequencies = new Map();
      for (const delta of deltas) {
        position += delta;
        frequencies.set(position, (frequencies.get(position) || 0) + 1);
      }
      lengths[k] += deltas.length;
      for (const term of frequencies.keys()) {
        postings[term][fields[k]][ref] = {};
        found[term] += 1;
      }
      if (frequencies.size) counted.push([ref, k, frequencies, deltas.length]);
    });
  }
  const count = documents.length;
  const average = lengths.map((total) => total / count);
  const idf = found.map((n) => Math.log(1 + Math.abs((count - n + 0.5) / (n + 0.5))));
  const fieldVectors = counted.map(([ref, k, frequencies, length]) => {
    const elements = [];
    for (const [term, tf] of frequencies) {
      let score = (idf[term] * ((k1 + 1) * tf)) / (k1 * (1 - b + b * (length / average[k])) + tf);
      score *= boosts[k];
      elements.push(term, Math.round(score * 1000) / 1000);
    }
    return [`${fields[k]}/${ref}`, elements];
  });
  const invertedIndex = terms.map((term, i) => [term, postings[i]]);
  return { version: packed.version, fields, pipeline: packed.pipeline, invertedIndex, fieldVectors };
}

/** "facet|value" → the documents with that value. */
function membersOf(data) {
  const members = new Map();
  data.facets.forEach((facet, k) => facet.values.forEach((value) => members.set(`${facet.k}|${value}`, [])));
  data.docs.forEach((doc, i) =>
    doc.f.forEach((values, k) => values.forEach((v) => members.get(`${data.facets[k].k}|${data.facets[k].values[v]}`).push(i))),
  );
  return members;
}

/** Fetch everything the search needs, in parallel. @returns {Promise<Engine>} */
export async function loadEngine(urls) {
  const [serialised, data] = await Promise.all([
    fetchJson(urls.index),
    fetchJson(urls.documents),
    window.lunr ? Promise.resolve() : loadScript(urls.lunr),
  ]).then(([index, docs]) => [index, docs]);
  return createEngine(window.lunr, serialised, data);
}

/** The search over a loaded index and documents file (also used by the node tests). @returns {Engine} */
export function createEngine(lunr, serialised, data) {
  register(lunr);
  const facetIndex = Object.fromEntries(data.facets.map((facet, i) => [facet.k, i]));
  const unpacked = unpack(serialised);
  const index = lunr.Index.load(unpacked);
  const members = membersOf(data);
  return { index, data, lunr, facetIndex, members, ...weights(unpacked, data.docs.length, members) };
}

/**
 * Per term, the entries it is in and its weight in each: lunr's BM25 field scores (boosts included)
 * summed over the fields. Entries below `count` are documents; the others are vocabulary entries
 * ("topic|cancer"), which stand for their member documents (`groups`). Scoring from these gives
 * lunr's ranking for a word (lunr divides by the query vector's length, the same for every document)
 * without lunr building match data for thousands of documents.
 */
function weights(unpacked, count, members) {
  const vocabulary = new Map();
  const groups = [];
  const refs = unpacked.invertedIndex.map(() => []);
  const scores = unpacked.invertedIndex.map(() => []);
  for (const [fieldRef, elements] of unpacked.fieldVectors) {
    const ref = fieldRef.slice(fieldRef.indexOf("/") + 1);
    let entry;
    if (!ref.includes("|")) entry = Number(ref);
    else if (members.has(ref)) {
      if (!vocabulary.has(ref)) {
        vocabulary.set(ref, count + groups.length);
        groups.push(members.get(ref));
      }
      entry = vocabulary.get(ref);
    } else continue;
    // A term in two fields of a document is listed twice; scoring adds both, as lunr sums the fields.
    for (let k = 0; k < elements.length; k += 2) {
      refs[elements[k]].push(entry);
      scores[elements[k]].push(elements[k + 1]);
    }
  }
  const postings = refs.map((list, i) => ({ refs: list, weights: scores[i] }));
  const termIds = new Map(unpacked.invertedIndex.map(([term], i) => [term, i]));
  return { postings, termIds, count, groups };
}

/** Documents matching a query and ticked facet values ({facet: [value keys]}), best first. */
export function search(engine, query, filters = {}, origin = null, lang = "en") {
  const matched = match(engine, query);
  const selected = engine.data.facets.map((facet) => new Set((filters[facet.k] || []).map((key) => facet.values.indexOf(key)).filter((v) => v >= 0)));
  const { kept, counts } = filter(engine, matched, selected);
  return { results: order(engine, kept, matched, origin, lang), counts, ignored: matched ? matched.ignored : [] };
}

/** The documents of a list of results (refs into Documents.docs), for rendering. */
export async function documents(engine, refs) {
  return refs.map((i) => engine.data.docs[i]);
}

/** Scores of every document for a list of clauses ({term, boost, wildcard?, editDistance?}), added up. */
function scoreClauses(engine, clauses) {
  const { index, lunr, postings, termIds, count, groups } = engine;
  const score = new Float64Array(count);
  const seen = new Uint8Array(count);
  const docs = [];
  const add = (doc, weight) => {
    if (!seen[doc]) {
      seen[doc] = 1;
      docs.push(doc);
    }
    score[doc] += weight;
  };
  for (const clause of clauses) {
    const tokens = lunr.TokenSet.fromClause(clause.wildcard ? { term: `${clause.term}*` } : clause);
    for (const term of index.tokenSet.intersect(tokens).toArray()) {
      const posting = postings[termIds.get(term)];
      if (!posting) continue;
      for (let k = 0; k < posting.refs.length; k += 1) {
        const ref = posting.refs[k];
        const weight = clause.boost * posting.weights[k];
        if (ref < count) add(ref, weight);
        else for (const doc of groups[ref - count]) add(doc, weight);
      }
    }
  }
  return { docs, score, seen };
}

/** Edits a typo may make in a word: none under 4 letters, one from 4, two from 7. */
export function editsFor(word) {
  const letters = Array.from(word).length;
  return letters >= TWO_EDITS_FROM ? 2 : letters >= ONE_EDIT_FROM ? 1 : 0;
}

/**
 * The documents one word matches, with scores: its terms (full form first), the start of a term for
 * the word still being typed, and, when little matches as typed, terms a typo away from the word as
 * typed and from its stems (so "gamblng" finds gambling, whose stem "gambl" is two edits away).
 */
function matchWord(engine, word, isLast, typos = true) {
  const terms = engine.index.pipeline.runString(word);
  const clauses = terms.map((term, i) => ({ term, boost: i === 0 ? 10 : 5 }));
  if (isLast) for (const start of prefixes(word)) clauses.push({ term: start, boost: 3, wildcard: true });
  let found = scoreClauses(engine, clauses);
  if (typos && terms.length && found.docs.length < FUZZY_BELOW) {
    const forms = [...new Set([word, ...terms.slice(0, 3)])].filter((form) => editsFor(form) > 0);
    if (forms.length) {
      found = scoreClauses(engine, [...clauses, ...forms.map((term) => ({ term, boost: 1, editDistance: editsFor(term) }))]);
    }
  }
  return { stop: terms.length === 0, ...found };
}

/** Add the documents and scores of `more` to a word's match (a joined pair of words counts for both). */
function merge(found, more) {
  for (const doc of more.docs) {
    if (!found.seen[doc]) {
      found.seen[doc] = 1;
      found.docs.push(doc);
    }
    found.score[doc] += more.score[doc];
  }
}

/**
 * The documents a query matches, with scores; null when the query has no word (every document).
 *
 * Every word must match (stop words aside); the last word also matches as the start of a term, since
 * the visitor may still be typing it, and two adjacent words also match as one ("شفا عمرو" finds
 * شفاعمرو). When fewer than FEW documents match every word, documents that match most of the words
 * follow, fewest missing first, then those matching the rarer words; `ignored` lists the words some of
 * those do not match, for the page to say so. `hits` holds per document how many words it matched
 * (plus a fraction for their rarity), which ranks before the score.
 * A single letter is not searched for.
 * @returns {{docs: number[], score: Float64Array, hits: Float64Array, exact: number, ignored: string[]} | null}
 */
export function match(engine, query) {
  const found = words(String(query).slice(0, 500))
    .filter((word) => Array.from(word).length > 1)
    .slice(0, MAX_WORDS);
  const each = found.map((word, i) => matchWord(engine, word, i === found.length - 1));
  for (let i = 0; i + 1 < found.length; i += 1) {
    const joined = matchWord(engine, found[i] + found[i + 1], i + 2 === found.length, false);
    if (joined.docs.length) for (const k of [i, i + 1]) merge(each[k], joined);
  }
  const counted = each
    .map((result, i) => ({ ...result, word: found[i] }))
    .filter((result, i) => !(result.stop && (i < found.length - 1 || result.docs.length === 0)));
  if (!counted.length) return null;
  const { count } = engine;
  const score = new Float64Array(count);
  const hits = new Float64Array(count);
  const docs = [];
  for (const result of counted) {
    for (const doc of result.docs) {
      if (!hits[doc]) docs.push(doc);
      hits[doc] += 1;
      score[doc] += result.score[doc];
    }
  }
  const n = counted.length;
  const kept = docs.filter((doc) => hits[doc] === n);
  const exact = kept.length;
  if (exact < FEW) {
    // Among documents missing the same number of words, those matching the rarer words come first.
    const rarity = counted.map((result) => Math.log(1 + count / Math.max(1, result.docs.length)));
    const total = rarity.reduce((a, b) => a + b, 0);
    const least = Math.max(1, Math.ceil(n / 2));
    const partial = docs.filter((doc) => hits[doc] < n && hits[doc] >= least);
    for (const doc of partial) {
      const covered = counted.reduce((sum, result, k) => sum + (result.seen[doc] ? rarity[k] : 0), 0);
      hits[doc] += covered / (total + 1); // stays below the next whole number of words
    }
    kept.push(...partial);
  }
  const partial = kept.slice(exact);
  const ignored = counted.filter((result) => partial.some((doc) => !result.seen[doc])).map((result) => result.word);
  return { docs: kept, score, hits, exact, ignored };
}

/**
 * Filter by facets (any value within a facet, every facet) and count each value as if it were ticked too.
 * @param {Engine} engine
 * @param {{docs: number[], score: Float64Array} | null} matched
 * @param {Set<number>[]} selected per facet, the ticked value indexes
 */
export function filter(engine, matched, selected) {
  const { docs, facets } = engine.data;
  const active = selected.map((set, k) => (set && set.size ? k : -1)).filter((k) => k >= 0);
  if (!matched && !active.length) {
    // Nothing asked yet: every document, and the counts of the whole directory (computed once).
    engine.everything ||= filter(engine, { docs: docs.map((_, i) => i) }, selected);
    return { kept: [...engine.everything.kept], counts: engine.everything.counts };
  }
  const counts = facets.map((facet) => new Array(facet.values.length).fill(0));
  const candidates = matched ? matched.docs : docs.map((_, i) => i);
  const kept = [];
  for (const i of candidates) {
    const values = docs[i].f;
    let failed = -1;
    let failures = 0;
    for (const k of active) {
      if (!values[k].some((v) => selected[k].has(v))) {
        failures += 1;
        failed = k;
        if (failures > 1) break;
      }
    }
    if (failures === 0) {
      kept.push(i);
      for (let k = 0; k < values.length; k += 1) for (const v of values[k]) counts[k][v] += 1;
    } else if (failures === 1) {
      for (const v of values[failed]) counts[failed][v] += 1;
    }
  }
  return { kept, counts };
}

/** Great-circle distance in km (computed here; the position never leaves the device). */
export function distance(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const STATUS_ORDER = { paused: 1, ended: 2 };

/** Each document's place in name order, and every document in the order of an empty search (computed once). */
function orders(engine, lang) {
  engine.orders ||= {};
  if (!engine.orders[lang]) {
    const { docs } = engine.data;
    const collator = new Intl.Collator(lang);
    const byName = docs.map((doc, i) => i).sort((a, b) => collator.compare(docs[a].n, docs[b].n));
    const ranks = new Int32Array(docs.length);
    byName.forEach((i, rank) => (ranks[i] = rank));
    const status = (i) => STATUS_ORDER[docs[i].x] || 0;
    const plain = [...byName].sort((a, b) => status(a) - status(b) || ranks[a] - ranks[b]);
    engine.orders[lang] = { ranks, plain };
  }
  return engine.orders[lang];
}

/** Documents in order: nearest first when sorting by distance, meeting groups first, most words, best match, name. */
function order(engine, kept, matched, origin, lang) {
  const { docs } = engine.data;
  const { ranks, plain } = orders(engine, lang);
  if (!matched && !origin) {
    // No words: the precomputed order, without sorting thousands of documents on every keystroke.
    const keep = new Uint8Array(docs.length);
    for (const i of kept) keep[i] = 1;
    return plain.filter((i) => keep[i]);
  }
  const status = new Float64Array(docs.length);
  const hits = new Float64Array(docs.length);
  const score = new Float64Array(docs.length);
  const far = new Float64Array(docs.length);
  for (const i of kept) {
    status[i] = STATUS_ORDER[docs[i].x] || 0;
    score[i] = matched ? matched.score[i] : 0;
    hits[i] = matched ? matched.hits[i] : 0;
    far[i] = origin && docs[i].g ? distance(origin, docs[i].g) : origin ? Infinity : 0;
  }
  return kept.sort((a, b) => far[a] - far[b] || status[a] - status[b] || hits[b] - hits[a] || score[b] - score[a] || ranks[a] - ranks[b]);
}

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
}

/** The page's search: the form, its state in the URL, and the results. */
class SearchPage {
  constructor(root) {
    this.root = root;
    this.text = root.dataset;
    this.form = root.querySelector("[data-search-form]");
    this.input = this.form.querySelector('input[type="search"]');
    this.status = root.querySelector("[data-status]");
    this.list = root.querySelector("[data-results]");
    this.more = root.querySelector("[data-more]");
    this.empty = root.querySelector("[data-empty]");
    this.near = root.querySelector("[data-near]");
    this.lang = document.documentElement.lang;
    this.engine = null;
    this.loading = null;
    this.searchId = 0;
    this.timer = 0;
    this.shown = PAGE;
    this.origin = null;
    this.lastUrl = location.search;
  }

  start() {
    this.form.hidden = false;
    // First interaction: load, then show every group (or the URL's search) with live counts.
    const first = () => {
      if (!this.loading) this.update({ push: false, record: false });
    };
    this.form.addEventListener("focusin", first);
    this.form.addEventListener("pointerdown", first);
    this.input.addEventListener("input", () => this.schedule());
    this.form.addEventListener("change", (event) => {
      if (event.target.type === "checkbox") this.update({ push: true });
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.update({ push: true });
    });
    this.root.querySelectorAll("[data-clear]").forEach((button) =>
      button.addEventListener("click", () => {
        this.form.querySelectorAll("input[type=checkbox]:checked").forEach((box) => (box.checked = false));
        this.update({ push: true });
        this.input.focus();
      }),
    );
    this.more.addEventListener("click", () => {
      const first = this.shown;
      this.shown += PAGE;
      this.render(false);
      this.list.children[first]?.querySelector("a")?.focus();
    });
    this.near.addEventListener("click", () => this.toggleNear());
    window.addEventListener("popstate", () => {
      this.restore();
      this.update({ push: false, record: false });
    });
    if (this.restore()) this.update({ push: false, record: false });
  }

  /** Load lunr.js, the index and the documents (once). */
  load() {
    if (!this.loading) {
      this.status.textContent = this.text.loading;
      this.loading = loadEngine({ index: this.text.index, documents: this.text.documents, lunr: this.text.lunr }).then(
        (engine) => (this.engine = engine),
        (error) => {
          console.warn("search: %s", error);
          this.status.textContent = this.text.failed;
          throw error;
        },
      );
      this.loading.catch(() => {});
    }
    return this.loading;
  }

  /** Put the URL's search into the form; true when there is one. */
  restore() {
    const params = new URLSearchParams(location.search);
    this.input.value = (params.get("q") || "").slice(0, 500);
    let any = Boolean(this.input.value.trim());
    for (const box of this.form.querySelectorAll("input[type=checkbox]")) {
      box.checked = params.getAll(box.name).includes(box.value);
      any ||= box.checked;
    }
    this.lastUrl = location.search;
    return any;
  }

  /** The form's state as URL parameters: q, then every ticked filter. */
  params() {
    const params = new URLSearchParams();
    if (this.input.value.trim()) params.set("q", this.input.value);
    for (const box of this.form.querySelectorAll("input[type=checkbox]:checked")) params.append(box.name, box.value);
    return params;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update({ push: false }), DEBOUNCE_MS);
  }

  /** Run the search for the form's state, unless a newer one started meanwhile. */
  async update({ push, record = true }) {
    clearTimeout(this.timer);
    const id = ++this.searchId;
    if (record) this.record(push);
    try {
      await this.load();
    } catch {
      return;
    }
    if (id !== this.searchId) return; // a newer search owns the page
    this.shown = PAGE;
    this.run();
  }

  record(push) {
    const query = this.params().toString();
    const url = query ? `?${query}` : location.pathname;
    if ((query ? `?${query}` : "") === this.lastUrl) return;
    this.lastUrl = query ? `?${query}` : "";
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  run() {
    const engine = this.engine;
    let matched;
    try {
      matched = match(engine, this.input.value);
    } catch (error) {
      console.warn("search: could not run %o: %s", this.input.value, error);
      matched = { docs: [], score: new Float64Array(engine.count), hits: new Float64Array(engine.count), exact: 0, ignored: [] };
    }
    const selected = engine.data.facets.map(
      (facet) =>
        new Set(
          [...this.form.querySelectorAll(`input[name="${CSS.escape(facet.k)}"]:checked`)]
            .map((box) => facet.values.indexOf(box.value))
            .filter((v) => v >= 0),
        ),
    );
    const { kept, counts } = filter(engine, matched, selected);
    this.results = order(engine, kept, matched, this.origin, this.lang);
    this.ignored = matched && kept.length ? matched.ignored : [];
    this.filtered = Boolean(matched) || selected.some((set) => set.size);
    this.showCounts(counts);
    this.render(true);
    this.root.dataset.searched = this.params().toString(); // what the page shows now (tests wait on it)
  }

  showCounts(counts) {
    const { facets } = this.engine.data;
    facets.forEach((facet, k) => {
      facet.values.forEach((value, v) => {
        const box = this.form.querySelector(`input[name="${CSS.escape(facet.k)}"][value="${CSS.escape(value)}"]`);
        if (!box) return;
        const count = box.parentElement.querySelector("[data-count]");
        if (count) count.textContent = `(${counts[k][v]})`;
        box.parentElement.classList.toggle("facet-empty", counts[k][v] === 0 && !box.checked);
      });
    });
  }

  render(announce) {
    const { docs } = this.engine.data;
    const shown = this.results.slice(0, this.shown);
    this.list.replaceChildren(...shown.map((i) => this.card(docs[i])));
    this.more.hidden = this.results.length <= this.shown;
    this.empty.hidden = this.results.length > 0;
    if (!announce) return;
    const count = this.results.length;
    let message = count === 0 ? this.text.none : this.filtered ? format(this.text.found, { count }) : format(this.text.all, { count });
    if (this.ignored.length) message += ` ${format(this.text.ignored, { words: this.ignored.join(", ") })}`;
    if (this.origin) message += ` ${this.text.sortedNear}`;
    this.status.textContent = message;
  }

  /** One result, written with textContent only. */
  card(doc) {
    const { data } = this.engine;
    const item = document.createElement("li");
    item.className = "card search-card";
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = this.text.site + data.url.replace("{slug}", doc.u);
    link.textContent = doc.n;
    heading.append(link);
    const summary = document.createElement("p");
    summary.textContent = doc.s;
    for (const [element, key] of [
      [link, "n"],
      [summary, "s"],
    ]) {
      const lang = doc.l && doc.l[key];
      if (lang) {
        element.lang = lang;
        element.dir = data.dirs[lang] || "auto";
      }
    }
    const facts = document.createElement("ul");
    facts.className = "facts";
    const label = (facet, v) => data.facets[this.engine.facetIndex[facet]].labels[v];
    const place = doc.f[this.engine.facetIndex.place];
    const attendance = doc.f[this.engine.facetIndex.attendance];
    const where = data.facets[this.engine.facetIndex.place].values;
    const city = place.find((v) => where[v].startsWith("c:"));
    const fact = (text, className) => {
      if (!text) return;
      const li = document.createElement("li");
      li.textContent = text;
      if (className) li.className = className;
      facts.append(li);
    };
    fact([city !== undefined ? label("place", city) : "", label("attendance", attendance[0])].filter(Boolean).join(" · "));
    fact(doc.w);
    fact(label("facilitation", doc.f[this.engine.facetIndex.facilitation][0]));
    if (doc.x) fact(doc.x === "paused" ? this.text.paused : this.text.ended, "flag");
    if (this.origin && doc.g) {
      const km = distance(this.origin, doc.g);
      fact(format(this.text.distance, { km: new Intl.NumberFormat(this.lang, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km) }));
    }
    item.append(heading, summary, facts);
    return item;
  }

  toggleNear() {
    if (this.origin) {
      this.origin = null;
      this.near.setAttribute("aria-pressed", "false");
      this.update({ push: false, record: false });
      return;
    }
    if (!navigator.geolocation) {
      this.status.textContent = this.text.noLocation;
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.origin = [position.coords.latitude, position.coords.longitude];
        this.near.setAttribute("aria-pressed", "true");
        this.update({ push: false, record: false });
      },
      () => {
        this.status.textContent = this.text.noLocation;
      },
      { maximumAge: 600000, timeout: 15000 },
    );
  }
}

const root = typeof document === "undefined" ? null : document.querySelector("[data-search]");
if (root) new SearchPage(root).start();
