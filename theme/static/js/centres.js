// "No group fits? These centres can help": when a search finds no group, show the centres that serve
// the city searched for (from the city filter, else a city named in the words typed), else those that
// serve everywhere. The list is in the page, hidden, written by the build; nothing is fetched or sent.
// The search UI announces each result with `document.dispatchEvent(new CustomEvent("directory:results",
// {detail: {count, query, city}}))`.

const SHOWN = 3;

/** Letters only, lower case, without niqqud, tashkeel or the Hebrew and Arabic letter variants. */
export function fold(text) {
  return String(text || "")
    .normalize("NFKD")
    .replace(/[\u0591-\u05C7\u0610-\u061A\u064B-\u065F\u0670\u0640]/g, "")
    .replace(/[\u0622\u0623\u0625]/g, "\u0627")
    .replace(/\u0629/g, "\u0647")
    .replace(/\u0649/g, "\u064A")
    .replace(/[\u05DA\u05DD\u05DF\u05E3\u05E5]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 1))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The city key a search is about: the filter's, or a city whose name (or synonym) the query holds. */
export function cityOf(detail, places) {
  const given = detail && detail.city;
  const keys = Array.isArray(given) ? given : given ? [given] : [];
  for (const key of keys) {
    const plain = String(key).replace(/^c:/, "");
    if (places[plain]) return plain;
  }
  const query = ` ${fold(detail && detail.query)} `;
  if (!query.trim()) return null;
  let best = null;
  let length = 0;
  for (const [key, [, ...names]] of Object.entries(places)) {
    for (const name of names) {
      const word = fold(name);
      // A whole word or words, also with a one-letter Hebrew or Arabic prefix (בחיפה, بحيفا).
      const found = word && new RegExp(`[ ](?:[\\u05D1\\u05D4\\u05D5\\u05DC\\u05DE\\u05E9\\u0628\\u0644\\u0648\\u0641]|ال)?${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ ]`, "u").test(query);
      if (found && word.length > length) {
        best = key;
        length = word.length;
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
  document.addEventListener("directory:results", (event) => {
    const detail = event.detail || {};
    if (Number(detail.count) !== 0) {
      section.hidden = true;
      return;
    }
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
