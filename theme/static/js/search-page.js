// The search page's interface, over the engine of ./search.js. On a phone the answer comes first: the
// count and the first results sit right under the search box and the one-tap toggles, while the full
// filters wait folded in a "Filters (n)" disclosure, with the active ones shown as chips that remove
// with one tap. Results are written with textContent only; the count is announced in role="status".
// When results render, a "directory:results" event tells other modules of the page what was found.

import { words } from "./analysis.js";
import { format, plural } from "./i18n.js";
import { dayFormat, meetingNodes, nextMeetings, todayIn } from "./next-dates.js";
import { distance, documents, filter, loadEngine, loadFacets, matchLoaded, order } from "./search.js";

const PAGE = 20;
const DEBOUNCE_MS = 120;
const WIDE = "(min-width: 52rem)"; // search.css puts the filters beside the results from here on
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const FSI = "\u2068";
const PDI = "\u2069";

/**
 * Text as nodes, with each FSI…PDI span (times, numbers: the build isolates them) in a <bdi dir="ltr">,
 * so "14:00–15:30" reads the same in a right-to-left card as on the group page.
 */
export function isolated(text) {
  const nodes = [];
  let rest = text;
  for (let at = rest.indexOf(FSI); at >= 0; at = rest.indexOf(FSI)) {
    const end = rest.indexOf(PDI, at);
    if (end < 0) break;
    if (at) nodes.push(document.createTextNode(rest.slice(0, at)));
    const bdi = document.createElement("bdi");
    bdi.dir = "ltr";
    bdi.textContent = rest.slice(at + 1, end);
    nodes.push(bdi);
    rest = rest.slice(end + 1);
  }
  if (rest) nodes.push(document.createTextNode(rest));
  return nodes;
}

/** Whole months from a YYYY-MM-DD date to today (as the build counts them: plugins/groups/crosscheck.py). */
export function monthsSince(text, today = todayIn()) {
  const [y1, m1, d1] = text.split("-").map(Number);
  const [y2, m2, d2] = today.split("-").map(Number);
  return (y2 - y1) * 12 + m2 - m1 - (d2 < d1 ? 1 : 0);
}

/** The page's search: the form, its state in the URL, and the results. */
class SearchPage {
  constructor(root) {
    this.root = root;
    this.text = root.dataset;
    this.forms = { found: JSON.parse(root.dataset.found), all: JSON.parse(root.dataset.all), confirmed: JSON.parse(root.dataset.confirmed) };
    this.actions = JSON.parse(root.dataset.actions);
    this.form = root.querySelector("[data-search-form]");
    this.input = this.form.querySelector('input[type="search"]');
    this.hint = root.querySelector("#search-hint");
    this.status = root.querySelector("[data-status]");
    this.list = root.querySelector("[data-results]");
    this.more = root.querySelector("[data-more]");
    this.empty = root.querySelector("[data-empty]");
    this.near = root.querySelector("[data-near]");
    this.filters = root.querySelector("[data-filters]");
    this.activeCount = root.querySelector("[data-active-count]");
    this.chips = root.querySelector("[data-chips]");
    this.quick = [...root.querySelectorAll("[data-quick]")];
    this.lang = document.documentElement.lang;
    this.dayFormat = dayFormat(this.lang);
    this.engine = null;
    this.loading = null;
    this.searchId = 0;
    this.timer = 0;
    this.shown = PAGE;
    this.origin = null;
    this.lastUrl = location.search;
    this.arrived = false; // the page opened with a search (the home page's box, a shared link)
  }

  start() {
    this.form.hidden = false;
    if (window.matchMedia(WIDE).matches) this.filters.open = true;
    this.setUpToday();
    this.listenToForm();
    this.listenToButtons();
    window.addEventListener("popstate", () => {
      this.restore();
      this.update({ push: false, record: false });
    });
    this.showActive();
    if (this.restore()) {
      this.arrived = true;
      this.update({ push: false, record: false });
    }
  }

  /** Typing, ticking and submitting; the first interaction loads the search and shows every group. */
  listenToForm() {
    const first = () => {
      if (!this.loading) this.update({ push: false, record: false });
    };
    this.form.addEventListener("focusin", first);
    this.form.addEventListener("pointerdown", first);
    this.input.addEventListener("input", () => this.schedule());
    this.form.addEventListener("change", (event) => {
      if (event.target.type === "checkbox") this.changed();
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.update({ push: true });
    });
  }

  /** Clear, the toggles, the chips, "show more" and "nearest to me". */
  listenToButtons() {
    this.root.querySelectorAll("[data-clear]").forEach((button) =>
      button.addEventListener("click", () => {
        this.boxes(":checked").forEach((box) => (box.checked = false));
        this.changed();
        this.input.focus();
      }),
    );
    for (const toggle of this.quick) toggle.addEventListener("click", () => this.toggleQuick(toggle));
    this.chips.addEventListener("click", (event) => this.removeChip(event.target.closest("button")));
    this.more.addEventListener("click", async () => {
      // The next page's documents were usually fetched with this one; wait for any still coming.
      const { results } = this;
      const first = this.shown;
      this.shown += PAGE;
      this.root.dataset.more = "loading"; // until the next page is drawn (tests wait on it)
      await documents(this.engine, results.slice(first, this.shown)).catch(() => {});
      delete this.root.dataset.more;
      if (results !== this.results) return; // a new search has drawn the list meanwhile
      this.render(false);
      this.list.children[first]?.querySelector("a")?.focus();
      documents(this.engine, this.results.slice(this.shown, this.shown + PAGE)).catch(() => {});
    });
    this.near.addEventListener("click", () => this.toggleNear());
  }

  /** The filters' checkboxes, optionally narrowed by a selector suffix (":checked"). */
  boxes(suffix = "") {
    return [...this.form.querySelectorAll(`input[type=checkbox]${suffix}`)];
  }

  box(name, value) {
    return this.form.querySelector(`input[name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`);
  }

  /** The day toggle names today's weekday (the visitor's own calendar day). */
  setUpToday() {
    const toggle = this.root.querySelector("[data-today]");
    const key = DAYS[new Date().getDay()];
    const box = this.box("day", key);
    if (!toggle || !box) return;
    toggle.dataset.values = key;
    toggle.textContent = format(toggle.dataset.label, { day: this.labelOf(box) });
    toggle.hidden = false;
  }

  labelOf(box) {
    return box.parentElement.querySelector("[data-label]").textContent.trim();
  }

  /** A toggle stands for its boxes: pressing it ticks them, releasing it unticks those no other pressed toggle needs. */
  toggleQuick(toggle) {
    const facet = toggle.dataset.quick;
    const pressed = new Set(this.quick.filter((other) => other.dataset.quick === facet && other.getAttribute("aria-pressed") === "true"));
    if (pressed.has(toggle)) pressed.delete(toggle);
    else pressed.add(toggle);
    const wanted = new Set([...pressed].flatMap((other) => other.dataset.values.split(" ")));
    const covered = new Set(this.quick.filter((other) => other.dataset.quick === facet).flatMap((other) => other.dataset.values.split(" ")));
    for (const value of covered) {
      const box = this.box(facet, value);
      if (box) box.checked = wanted.has(value);
    }
    this.changed();
  }

  /** A chip's tap unticks its filter; focus moves to the next chip, or to the count when none is left. */
  removeChip(button) {
    if (!button) return;
    const neighbour = (button.parentElement.nextElementSibling || button.parentElement.previousElementSibling)?.firstElementChild;
    const kept = neighbour ? [neighbour.dataset.name, neighbour.dataset.value] : null;
    const box = this.box(button.dataset.name, button.dataset.value);
    if (box) box.checked = false;
    this.changed(); // draws the chips anew
    const next = kept && this.chips.querySelector(`[data-name="${CSS.escape(kept[0])}"][data-value="${CSS.escape(kept[1])}"]`);
    (next || this.status).focus();
  }

  /** A filter changed: show it, then search. */
  changed() {
    this.showActive();
    this.update({ push: true });
  }

  /** The toggles' state, the number of active filters on the disclosure, and a chip for each. */
  showActive() {
    const checked = this.boxes(":checked");
    for (const toggle of this.quick) {
      // A value no group has (no hybrid group, say) has no box, and does not keep a toggle up.
      const values = toggle.dataset.values ? toggle.dataset.values.split(" ") : [];
      const boxes = values.map((value) => this.box(toggle.dataset.quick, value)).filter(Boolean);
      const on = boxes.length > 0 && boxes.every((box) => box.checked);
      toggle.setAttribute("aria-pressed", String(on));
    }
    this.activeCount.hidden = checked.length === 0;
    this.activeCount.textContent = `(${new Intl.NumberFormat(this.lang).format(checked.length)})`;
    this.chips.hidden = checked.length === 0;
    this.chips.replaceChildren(
      ...checked.map((box) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "chip";
        button.dataset.name = box.name;
        button.dataset.value = box.value;
        const name = this.labelOf(box);
        button.setAttribute("aria-label", format(this.text.remove, { name }));
        const label = document.createElement("span");
        label.textContent = name;
        const cross = document.createElement("span");
        cross.className = "chip-x";
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "×";
        button.append(label, cross);
        item.append(button);
        return item;
      }),
    );
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
    for (const box of this.boxes()) {
      box.checked = params.getAll(box.name).includes(box.value);
      any ||= box.checked;
    }
    this.lastUrl = location.search;
    this.showActive();
    this.showHint();
    return any;
  }

  /** The examples under the box help before typing; after, the room is the results'. */
  showHint() {
    this.hint.hidden = Boolean(this.input.value.trim());
  }

  /** The form's state as URL parameters: q, then every ticked filter. */
  params() {
    const params = new URLSearchParams();
    if (this.input.value.trim()) params.set("q", this.input.value);
    for (const box of this.boxes(":checked")) params.append(box.name, box.value);
    return params;
  }

  schedule() {
    this.showHint();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update({ push: false }), DEBOUNCE_MS);
  }

  /** Run the search for the form's state, unless a newer one started meanwhile. */
  async update({ push, record = true }) {
    clearTimeout(this.timer);
    const id = ++this.searchId;
    // The page is about to change: it no longer shows the answer to anything (tests wait on this).
    delete this.root.dataset.searched;
    if (record) this.record(push);
    try {
      await this.load();
    } catch {
      return;
    }
    if (id !== this.searchId) return; // a newer search owns the page
    this.shown = PAGE;
    await this.run(id);
  }

  record(push) {
    const query = this.params().toString();
    const url = query ? `?${query}` : location.pathname;
    if ((query ? `?${query}` : "") === this.lastUrl) return;
    this.lastUrl = query ? `?${query}` : "";
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  /** Per facet, the indexes of the ticked values. */
  selected() {
    return this.engine.data.facets.map(
      (facet) =>
        new Set(
          this.boxes(`[name="${CSS.escape(facet.k)}"]:checked`)
            .map((box) => facet.values.indexOf(box.value))
            .filter((v) => v >= 0),
        ),
    );
  }

  /** Search (fetching what the query needs), show the first page of results, then the filters' counts. */
  async run(id) {
    const engine = this.engine;
    // What this search answers: the form may change while it runs, and the page must not claim to show that.
    const query = this.input.value;
    const state = this.params().toString();
    const selected = this.selected();
    let matched;
    try {
      matched = await matchLoaded(engine, query);
    } catch (error) {
      console.warn("search: could not run %o: %s", query, error);
      matched = { docs: [], score: new Float64Array(engine.count), hits: new Float64Array(engine.count), exact: 0, ignored: [] };
    }
    try {
      if (this.origin || selected.some((set) => set.size)) await loadFacets(engine);
      const { kept, counts } = filter(engine, matched, selected);
      const results = order(engine, kept, matched, this.origin);
      await documents(engine, results.slice(0, this.shown));
      if (id !== this.searchId) return;
      this.results = results;
      this.ignored = matched && kept.length ? matched.ignored : [];
      this.filtered = Boolean(matched) || selected.some((set) => set.size);
      if (counts) this.showCounts(counts);
      this.render(true);
      this.root.dataset.shown = state; // the first results of this search are on screen
      this.bringIntoView();
      // The next page's documents come now, so "Show more" answers at once.
      await documents(engine, results.slice(this.shown, this.shown + PAGE));
      if (id !== this.searchId) return;
      this.root.dataset.searched = state; // what the page shows now (tests wait on it)
      if (!counts) {
        // The counts of a search come after its first results, with every document's facet values.
        await loadFacets(engine);
        if (id === this.searchId) this.showCounts(filter(engine, matched, selected).counts);
      }
    } catch (error) {
      console.warn("search: %s", error);
      if (id === this.searchId) this.status.textContent = this.text.failed;
    }
  }

  /**
   * Arriving with a search (from the home page's box or a link), the answer is what the visitor came
   * for: the search box goes to the top of the screen, so the count and first results are in view, and
   * focus moves to the count, which a screen reader then reads.
   */
  bringIntoView() {
    if (!this.arrived) return;
    this.arrived = false;
    if (window.scrollY === 0) this.form.scrollIntoView({ block: "start" });
    this.status.focus({ preventScroll: true });
  }

  /** Each value's count; values no result has are hidden (a filter that empties the list helps no one). */
  showCounts(counts) {
    const { facets } = this.engine.data;
    const number = new Intl.NumberFormat(this.lang);
    facets.forEach((facet, k) => {
      const fieldset = this.form.querySelector(`[data-facet="${CSS.escape(facet.k)}"]`);
      let visible = 0;
      facet.values.forEach((value, v) => {
        const box = this.box(facet.k, value);
        if (!box) return;
        const count = box.parentElement.querySelector("[data-count]");
        if (count) count.textContent = `(${number.format(counts[k][v])})`;
        const empty = counts[k][v] === 0 && !box.checked;
        box.parentElement.classList.toggle("facet-empty", empty);
        box.disabled = empty;
        if (!empty) visible += 1;
      });
      if (fieldset) fieldset.hidden = visible === 0;
    });
  }

  render(announce) {
    const { docs } = this.engine.data;
    const shown = this.results.slice(0, this.shown).filter((i) => docs[i]);
    this.list.replaceChildren(...shown.map((i) => this.card(docs[i])));
    this.more.hidden = this.results.length <= this.shown;
    this.empty.hidden = this.results.length > 0;
    if (!announce) return;
    const count = this.results.length;
    let message = count === 0 ? this.text.none : plural(this.filtered ? this.forms.found : this.forms.all, count, this.lang);
    if (this.ignored.length) message += ` ${format(this.text.ignored, { words: new Intl.ListFormat(this.lang, { type: "conjunction" }).format(this.ignored) })}`;
    if (this.origin) message += ` ${this.text.sortedNear}`;
    this.status.textContent = message;
    document.dispatchEvent(new CustomEvent("directory:results", { detail: { count, query: this.input.value.trim(), city: this.city() } }));
  }

  /**
   * The city the visitor asked for: a ticked city filter, or else a city named in the words typed
   * (its key, e.g. "haifa"); null when neither.
   */
  city() {
    const ticked = this.boxes('[name="place"]:checked').find((box) => box.value.startsWith("c:"));
    if (ticked) return ticked.value.slice(2);
    const place = this.engine.data.facets[this.engine.facetIndex.place];
    const typed = ` ${words(this.input.value).join(" ")} `;
    if (!typed.trim()) return null;
    const at = place.values.findIndex((value, v) => value.startsWith("c:") && typed.includes(` ${words(place.labels[v]).join(" ")} `));
    return at >= 0 ? place.values[at].slice(2) : null;
  }

  /**
   * One result, written with textContent only: the same card as partials/group_card.html draws on the
   * listings (name, status, summary, where, when, who runs it and cost, the language it meets in when
   * not the page's, the next meeting, a stale confirmation, and one action).
   */
  card(doc) {
    const { data } = this.engine;
    const item = document.createElement("li");
    item.className = "card search-card group-card";
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = this.text.site + data.url.replace("{slug}", doc.u);
    link.textContent = doc.n;
    heading.append(link);
    const summary = document.createElement("p");
    summary.className = "card-summary";
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
    item.append(heading);
    if (doc.x) item.append(this.line("p", { paused: this.text.paused, forming: this.text.forming }[doc.x] || this.text.ended, "flag card-status"));
    item.append(summary, this.facts(doc));
    const next = this.nextMeeting(doc);
    if (next) item.append(next);
    if (doc.v) {
      const months = monthsSince(doc.v);
      item.append(this.line("p", plural(this.forms.confirmed, months, this.lang), "card-freshness"));
    }
    if (doc.a) item.append(this.action(doc.a));
    if (doc.x !== "ended") {
      // "Add to my list" (referral.js shows it and keeps the list): the same button as on the cards.
      const add = document.createElement("button");
      Object.assign(add, { type: "button", className: "button list-toggle", hidden: true, textContent: this.text.listAdd });
      Object.assign(add.dataset, { listToggle: doc.u, add: this.text.listAdd, remove: this.text.listRemove });
      item.append(add);
    }
    return item;
  }

  /** An element of `tag` holding `text` (its FSI…PDI spans isolated). */
  line(tag, text, className) {
    const element = document.createElement(tag);
    element.append(...isolated(text));
    if (className) element.className = className;
    return element;
  }

  facts(doc) {
    const { data, facetIndex } = this.engine;
    const values = (facet) => doc.f[facetIndex[facet]];
    const label = (facet, v) => data.facets[facetIndex[facet]].labels[v];
    const where = data.facets[facetIndex.place].values;
    const city = values("place").find((v) => where[v].startsWith("c:"));
    const facts = document.createElement("ul");
    facts.className = "facts";
    const fact = (text, className) => text && facts.append(this.line("li", text, className));
    fact([city !== undefined ? label("place", city) : "", label("attendance", values("attendance")[0])].filter(Boolean).join(" · "), "card-where");
    fact(doc.w, "card-when when");
    fact(`${label("facilitation", values("facilitation")[0])} · ${label("cost", values("cost")[0])}`);
    const languages = data.facets[facetIndex.language];
    const own = values("language");
    if (!own.some((v) => languages.values[v] === this.lang)) {
      const names = own.map((v) => languages.labels[v]);
      fact(format(this.text.meetsIn, { languages: new Intl.ListFormat(this.lang, { type: "conjunction" }).format(names) }), "card-language");
    }
    if (this.origin && doc.g) {
      const km = distance(this.origin, doc.g);
      fact(format(this.text.distance, { km: new Intl.NumberFormat(this.lang, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km) }));
    }
    return facts;
  }

  /** "Next meeting: Tuesday, 8 December, 18:00–19:30", from the group's rules (as on its page). */
  nextMeeting(doc) {
    const [next] = doc.r ? nextMeetings({ rules: doc.r, from: null }, 1) : [];
    if (!next) return null;
    const line = document.createElement("p");
    line.className = "card-next";
    const label = document.createElement("span");
    label.className = "card-next-label";
    label.textContent = this.text.next;
    line.append(label, " ", ...meetingNodes(next, this.dayFormat, this.text.separator));
    return line;
  }

  /** The card's one action: a call, the meeting link, WhatsApp, e-mail or the website. */
  action([kind, href, value]) {
    const line = document.createElement("p");
    line.className = "card-actions";
    const link = document.createElement("a");
    link.className = kind === "call" || kind === "join" ? "button contact primary" : "button contact";
    link.href = href;
    if (kind === "join" || kind === "website" || kind === "whatsapp") link.rel = "nofollow ugc noopener noreferrer";
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = this.actions[kind];
    link.append(label);
    if (value) {
      const shown = document.createElement("bdi");
      shown.className = "value";
      shown.dir = "ltr";
      shown.textContent = value;
      link.append(" ", shown);
    }
    line.append(link);
    return line;
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
