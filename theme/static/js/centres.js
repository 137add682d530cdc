// "No group fits? These centres can help": when a search finds no group, show the centres that serve
// the city searched for (from the city filter, else a city named in the words typed), else those that
// serve everywhere. The list is in the page, hidden, written by the build; nothing is fetched or sent.
// The search UI announces each result with `document.dispatchEvent(new CustomEvent("directory:results",
// {detail: {count, query, city}}))`.

import { loadStemmers, terms, words } from "./analysis.js";

const SHOWN = 3;

/**
 * What a word matches as: itself and its search terms (stems, forms without Hebrew prefix letters or
 * Arabic clitics), by the search's own analysis; itself alone when that analysis is not loaded.
 */
function forms(word) {
  try {
    return new Set([word, ...terms(word)]);
  } catch {
    return new Set([word]);
  }
}

const meets = (a, b) => [...a].some((form) => b.has(form));

/**
 * The city key a search is about: the filter's, or a city whose name (or synonym) the query holds, word
 * by word as the search matches them (בבאר שבע, بحيفا, в Беэр-Шеве); the longest name wins.
 */
export function cityOf(detail, places) {
  const given = detail && detail.city;
  const keys = Array.isArray(given) ? given : given ? [given] : [];
  for (const key of keys) {
    const plain = String(key).replace(/^c:/, "");
    if (places[plain]) return plain;
  }
  const query = words((detail && detail.query) || "").map(forms);
  if (!query.length) return null;
  let best = null;
  let length = 0;
  for (const [key, [, ...names]] of Object.entries(places)) {
    for (const name of names) {
      const parts = words(name).map(forms);
      const size = String(name).length;
      if (!parts.length || size <= length) continue;
      for (let i = 0; i + parts.length <= query.length; i += 1) {
        if (parts.every((part, j) => meets(part, query[i + j]))) {
          best = key;
          length = size;
          break;
        }
      }
    }
  }
  return best;
}

/** The entries to show: those serving the city first, then its region, then those serving every region. */
export function choose(entries, city, region, everyRegion) {
  const score = (entry) => {
    const cities = (entry.dataset.cities || "").split(" ");
    const regions = (entry.dataset.regions || "").split(" ");
    if (city && cities.includes(city)) return 3;
    if (region && regions.includes(region)) return 2;
    return everyRegion.every((key) => regions.includes(key)) ? 1 : 0;
  };
  return entries
    .map((entry, index) => ({ entry, index, score: score(entry) }))
    .filter((item) => item.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, SHOWN)
    .map((item) => item.entry);
}

function start() {
  const section = document.querySelector("[data-centres]");
  if (!section) return;
  const places = JSON.parse(section.dataset.places || "{}");
  const regions = [...new Set(Object.values(places).map(([region]) => region))];
  const entries = Array.from(section.querySelectorAll(".centre"));
  document.addEventListener("directory:results", async (event) => {
    const detail = event.detail || {};
    if (Number(detail.count) !== 0) {
      section.hidden = true;
      return;
    }
    await loadStemmers(detail.query || "").catch(() => null); // a Russian city name is matched by its stem
    const city = cityOf(detail, places);
    const chosen = choose(entries, city, city ? places[city][0] : null, regions);
    for (const entry of entries) entry.hidden = !chosen.includes(entry);
    const list = section.querySelector(".centre-list");
    for (const entry of chosen) list.append(entry); // in the order chosen: the nearest first
    section.hidden = chosen.length === 0;
    section.dataset.city = city || "";
  });
}

if (typeof document !== "undefined") start();
