// The language chooser at /: open the site in the first of the browser's languages the site has
// (navigator.languages), replacing / in the history so "back" does not bounce here again. The address
// /?choose always shows the choice, with the browser's language first.

/** The site language for a list of browser languages ("ar-IL", "en"), or null. */
export function pick(wanted, offered) {
  for (const tag of wanted) {
    const base = tag.toLowerCase().split("-")[0];
    // Old browsers report Hebrew as "iw".
    const code = base === "iw" ? "he" : base;
    if (offered.includes(code)) return code;
  }
  return null;
}

const list = typeof document === "undefined" ? null : document.querySelector("[data-choices]");
if (list) {
  const items = [...list.querySelectorAll("[data-lang]")];
  const code = pick(navigator.languages || [navigator.language], items.map((item) => item.dataset.lang));
  const chosen = items.find((item) => item.dataset.lang === code);
  if (chosen && !new URLSearchParams(location.search).has("choose")) {
    location.replace(chosen.querySelector("a").href);
  } else if (chosen) {
    chosen.classList.add("suggested");
    list.prepend(chosen);
  }
}
