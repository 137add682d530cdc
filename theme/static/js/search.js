// The search engine of the search page (./search-page.js, loaded by search.html). Nothing is fetched until the visitor first
// interacts with the form (or arrives with a search in the URL). Then lunr.js and the language's term
// dictionary load (index.json: every term, no postings); each query then fetches only the postings
// shards of its terms, the member lists of the facet values it matches, and the documents of the
// results on screen; the facet values of every document (documents.json), needed for filters, counts
// and distance, load after the first results. plugins/search_index writes these files; the terms are
// analysed by the same pipeline on both sides (./analysis.js registers it under lunr's names).
//
// This module is the engine (loadEngine, search, match, filter, order, documents, loadFacets); the page
// (./search-page.js) uses only those functions and engine.data.

import { loadStemmers, prefixes, register, words } from "./analysis.js";

/**
 * The dictionary (index.json) and the files it leads to; plugins/search_index/generator.py writes them.
 * @typedef {{k: string, values: string[], labels: string[]}} FacetData
 * @typedef {{u: string, n: string, s: string, w: string, f: number[][], g?: [number, number], x?: string, l?: {n?: string, s?: string},
 *   a?: [string, string, string], r?: object[], v?: string}} Doc
 * @typedef {{v: 2, token: string, count: number, paused: number, ended: number, terms: string[], starts: number[],
 *   vocabulary: string[], url: string, dirs: Object<string, string>, facets: FacetData[], counts: number[][], pipeline: string[]}} Meta
 * An entry of a posting is a document's number (documents are numbered in the order of an empty search:
 * meeting groups first, then by name; those from `paused` on are paused, from `ended` on ended), or
 * count + j for the j-th facet value with a name (vocabulary[j], e.g. "topic|cancer"), which stands for
 * every document with that value (m/<j>.json), weighted by where the value comes in the group's own list.
 */

const MAX_WORDS = 12;
const ONE_EDIT_FROM = 4; // letters: shorter words get no typo tolerance
const TWO_EDITS_FROM = 7;
const FUZZY_BELOW = 3; // typo tolerance is tried when fewer entries than this match as typed
const FEW = 3; // fewer results than this for every word: documents matching most words follow
const RANK_WEIGHT = 0.1; // a group's second topic counts 1/1.1 of its first: ties go to the group it is most about
const ROUNDS = 6; // fetch-and-retry rounds of one query (terms, then typos, then member lists)

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
 * Fetch lunr.js, the term dictionary and the stemmer of the page's language when it has one loaded on
 * demand (Russian), in parallel. @returns {Promise<object>}
 */
export async function loadEngine(urls) {
  const language = document.documentElement.lang;
  const [meta] = await Promise.all([fetchJson(urls.index), window.lunr ? null : loadScript(urls.lunr), loadStemmers("", [language])]);
  return createEngine(window.lunr, meta, urls);
}

/**
 * The search over a term dictionary; `get(path)` fetches a file of the index's folder as JSON (node tests
 * read them from disk).
 */
export function createEngine(lunr, meta, urls, get = null) {
  register(lunr);
  const folder = new URL(".", new URL(urls.index, "http://x/")).pathname;
  const fetcher = get || ((path) => fetchJson(`${urls.index.replace(/index\.json(\?.*)?$/, "")}${path}?v=${meta.token}`));
  return {
    lunr,
    meta,
    folder,
    urls,
    get: fetcher,
    count: meta.count,
    pipeline: lunr.Pipeline.load(meta.pipeline),
    termIds: new Map(meta.terms.map((term, i) => [term, i])),
    tokenSet: null, // built from the dictionary on the first typo
    facetIndex: Object.fromEntries(meta.facets.map((facet, i) => [facet.k, i])),
    data: { facets: meta.facets, url: meta.url, dirs: meta.dirs, docs: new Array(meta.count) },
    shards: new Map(), // shard number → {p, w}
    members: new Map(), // vocabulary number → document numbers
    values: null, // every document's facet values (documents.json), once loaded
    geo: null,
    missing: new Set(), // files a query needed that are not loaded yet ("p/3", "m/12")
    loading: new Map(),
  };
}

/** Fetch a file of the index once; later calls share the first. */
function load(engine, path) {
  if (!engine.loading.has(path)) {
    const done = engine.get(`${path}.json`).catch((error) => {
      engine.loading.delete(path);
      throw error;
    });
    engine.loading.set(path, done);
  }
  return engine.loading.get(path);
}

/** Fetch what the last query found missing. */
async function fetchMissing(engine) {
  const wanted = [...engine.missing];
  engine.missing.clear();
  await Promise.all(
    wanted.map(async (path) => {
      const found = await load(engine, path);
      const [kind, number] = path.split("/");
      if (kind === "p") engine.shards.set(Number(number), found);
      else {
        // [differences between document numbers, each document's rank of the value (0: its main topic)]
        const [deltas, ranks] = typeof found[0] === "number" ? [found, []] : found;
        let at = 0;
        const docs = deltas.map((delta) => (at += delta));
        engine.members.set(Number(number), { docs, factors: docs.map((_, k) => 1 / (1 + RANK_WEIGHT * (ranks[k] || 0))) });
      }
    }),
  );
}

/** The shard holding the term numbered `id`. */
function shardOf(engine, id) {
  const { starts } = engine.meta;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= id) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The entries of a term and their weights, or null while its shard is not loaded (then it is asked for). */
function posting(engine, id) {
  const shard = shardOf(engine, id);
  const found = engine.shards.get(shard);
  if (!found) {
    engine.missing.add(`p/${shard}`);
    return null;
  }
  return { deltas: found.p[id - engine.meta.starts[shard]], weights: found.w[id - engine.meta.starts[shard]] };
}

/** Numbers of the dictionary's terms starting with `start` (binary search: the terms are in order). */
function startingWith(engine, start) {
  const { terms } = engine.meta;
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (terms[mid] < start) low = mid + 1;
    else high = mid;
  }
  const found = [];
  for (let i = low; i < terms.length && terms[i].startsWith(start); i += 1) found.push(i);
  return found;
}

/** Numbers of the dictionary's terms within `edits` of `term` (lunr's automaton over the whole dictionary). */
function near(engine, term, edits) {
  const { lunr } = engine;
  engine.tokenSet ||= lunr.TokenSet.fromArray(engine.meta.terms);
  const wanted = lunr.TokenSet.fromFuzzyString(term, edits);
  return engine.tokenSet
    .intersect(wanted)
    .toArray()
    .map((found) => engine.termIds.get(found))
    .filter((id) => id !== undefined);
}

/** The documents a facet value's entry stands for, with the same weight; null while its member list loads. */
function entryDocs(engine, entry) {
  const j = entry - engine.count;
  const found = engine.members.get(j);
  if (!found) engine.missing.add(`m/${j}`);
  return found || null;
}

/** Scores of every document for a list of clauses ({term, boost, wildcard?, editDistance?}), added up. */
function scoreClauses(engine, clauses) {
  const { count } = engine;
  const score = new Float64Array(count);
  const seen = new Uint8Array(count);
  const docs = [];
  for (const clause of clauses) {
    let ids;
    if (clause.wildcard) ids = startingWith(engine, clause.term);
    else if (clause.editDistance) ids = near(engine, clause.term, clause.editDistance);
    else ids = engine.termIds.has(clause.term) ? [engine.termIds.get(clause.term)] : [];
    for (const id of ids) {
      const found = posting(engine, id);
      if (!found) continue;
      let entry = 0;
      for (let k = 0; k < found.deltas.length; k += 1) {
        entry += found.deltas[k];
        const weight = (clause.boost * found.weights[k]) / 1000;
        if (entry < count) {
          if (!seen[entry]) {
            seen[entry] = 1;
            docs.push(entry);
          }
          score[entry] += weight;
          continue;
        }
        const members = entryDocs(engine, entry);
        if (!members) continue;
        for (let m = 0; m < members.docs.length; m += 1) {
          const doc = members.docs[m];
          if (!seen[doc]) {
            seen[doc] = 1;
            docs.push(doc);
          }
          score[doc] += weight * members.factors[m];
        }
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
  const terms = engine.pipeline.runString(word);
  const clauses = terms.map((term, i) => ({ term, boost: i === 0 ? 10 : 5 }));
  if (isLast) for (const start of prefixes(word)) clauses.push({ term: start, boost: 3, wildcard: true });
  let found = scoreClauses(engine, clauses);
  // Typos only once what matches as typed is known (its postings and member lists are loaded).
  if (typos && terms.length && found.docs.length < FUZZY_BELOW && !engine.missing.size) {
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
 * follow, fewest missing first, then those matching the rarer words; `ignored` lists the words the
 * best of those does not match, for the page to say so. `hits` holds per document how many words it matched
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
  // The words the best of the documents that miss some do not match.
  const best = kept.slice(exact).reduce((a, b) => (a === undefined || hits[b] > hits[a] || (hits[b] === hits[a] && score[b] > score[a]) ? b : a), undefined);
  const ignored = best === undefined ? [] : counted.filter((result) => !result.seen[best]).map((result) => result.word);
  return { docs: kept, score, hits, exact, ignored };
}


/**
 * The documents a query matches, fetching what it needs first: the postings of its terms, then (when
 * little matches) of terms a typo away, then the member lists of the facet values matched.
 */
export async function matchLoaded(engine, query) {
  await loadStemmers(query); // a Russian word typed on another language's page
  for (let round = 0; round < ROUNDS; round += 1) {
    engine.missing.clear();
    const matched = match(engine, query);
    if (!engine.missing.size) return matched;
    await fetchMissing(engine);
  }
  engine.missing.clear();
  return match(engine, query);
}

/** Every document's facet values and map point (documents.json), for filters, counts and distance (once). */
export function loadFacets(engine) {
  engine.facetsLoading ||= fetchJson(engine.urls.documents).then((found) => {
    engine.values = found.f;
    engine.geo = found.g;
  });
  return engine.facetsLoading;
}

/** The documents of a list of results (document numbers), fetched once each, for rendering. */
export async function documents(engine, refs) {
  const { docs } = engine.data;
  await Promise.all(
    refs.filter((i) => !docs[i]).map(async (i) => {
      docs[i] = await load(engine, `d/${i}`);
    }),
  );
  return refs.map((i) => docs[i]);
}

/** Documents matching a query and ticked facet values ({facet: [value keys]}), best first (numbers). */
export async function search(engine, query, filters = {}, origin = null) {
  const matched = await matchLoaded(engine, query);
  const selected = engine.data.facets.map((facet) => new Set((filters[facet.k] || []).map((key) => facet.values.indexOf(key)).filter((v) => v >= 0)));
  if (origin || selected.some((set) => set.size)) await loadFacets(engine);
  const { kept, counts } = filter(engine, matched, selected);
  return { results: order(engine, kept, matched, origin), counts, ignored: matched ? matched.ignored : [] };
}

/**
 * Filter by facets (any value within a facet, every facet) and count each value as if it were ticked too.
 * Before documents.json is loaded, only an unfiltered search can run, and its counts are null (unknown)
 * unless nothing is asked (the whole directory's counts are in the dictionary).
 * @param {{docs: number[]} | null} matched
 * @param {Set<number>[]} selected per facet, the ticked value indexes
 */
export function filter(engine, matched, selected) {
  const { count, meta } = engine;
  const active = selected.map((set, k) => (set && set.size ? k : -1)).filter((k) => k >= 0);
  const candidates = matched ? matched.docs : Array.from({ length: count }, (_, i) => i);
  if (!active.length && (!matched || !engine.values)) {
    return { kept: [...candidates], counts: matched ? null : meta.counts };
  }
  if (!engine.values) throw new Error("search: filters need loadFacets() first");
  const values = engine.values;
  const counts = meta.facets.map((facet) => new Array(facet.values.length).fill(0));
  const kept = [];
  for (const i of candidates) {
    const own = values[i];
    let failed = -1;
    let failures = 0;
    for (const k of active) {
      if (!own[k].some((v) => selected[k].has(v))) {
        failures += 1;
        failed = k;
        if (failures > 1) break;
      }
    }
    if (failures === 0) {
      kept.push(i);
      for (let k = 0; k < own.length; k += 1) for (const v of own[k]) counts[k][v] += 1;
    } else if (failures === 1) {
      for (const v of own[failed]) counts[failed][v] += 1;
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

/**
 * Documents in order: nearest first when sorting by distance, meeting groups first, most words, best
 * match, then the order of an empty search (documents are numbered in it: by status, then name).
 */
export function order(engine, kept, matched, origin) {
  const status = (i) => (i >= engine.meta.ended ? 2 : i >= engine.meta.paused ? 1 : 0);
  if (!matched && !origin) return [...kept].sort((a, b) => a - b);
  const far = new Map();
  if (origin) for (const i of kept) far.set(i, engine.geo && engine.geo[i] ? distance(origin, engine.geo[i]) : Infinity);
  const hits = matched ? matched.hits : null;
  const score = matched ? matched.score : null;
  return [...kept].sort(
    (a, b) =>
      (origin ? far.get(a) - far.get(b) : 0) ||
      status(a) - status(b) ||
      (hits ? hits[b] - hits[a] : 0) ||
      (score ? score[b] - score[a] : 0) ||
      a - b,
  );
}
