// A topic, city, day or online listing narrowed in place: format, day, language and cost, read from
// each card's data- attributes (partials/group_card.html). Without this script site.css still narrows by
// format, day and cost; the script adds the language choice and says how many cards match.

import { plural } from "./i18n.js";

/** Does a card match the form's choices? */
export function matches(card, choice) {
  const { attendance, days, languages, cost } = card.dataset;
  if (choice.attendance && attendance !== choice.attendance && attendance !== "hybrid") return false;
  if (choice.day && !days.split(" ").includes(choice.day)) return false;
  if (choice.language && !languages.split(" ").includes(choice.language)) return false;
  return !(choice.cost && cost !== choice.cost);
}

function start(form) {
  const cards = [...document.querySelectorAll(".cards > .group-card")];
  const status = form.querySelector("[data-listing-status]");
  const none = form.querySelector("[data-listing-none]");
  const forms = JSON.parse(form.dataset.matching);
  const lang = document.documentElement.lang;
  const apply = () => {
    const data = new FormData(form);
    const choice = Object.fromEntries(["attendance", "day", "language", "cost"].map((key) => [key, data.get(key) || ""]));
    const narrowed = Object.values(choice).some(Boolean);
    let count = 0;
    for (const card of cards) {
      const shown = matches(card, choice);
      card.hidden = !shown;
      count += shown ? 1 : 0;
    }
    status.textContent = narrowed && count ? plural(forms, count, lang) : "";
    none.hidden = count > 0;
  };
  form.addEventListener("change", apply);
  // A reset restores the fields after the event: apply once they are back.
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.querySelectorAll("[data-needs-script]").forEach((field) => {
    field.hidden = false;
  });
  apply();
}

if (typeof document !== "undefined") document.querySelectorAll("[data-listing-filters]").forEach(start);
