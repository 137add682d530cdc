// "Leave this site quickly" on sensitive pages, as domestic-violence services have it: the link, or
// Escape pressed twice within a second, hides the page at once and replaces it, and its entry in the
// browser's history, with a neutral site, so "back" does not bring it up again.

const ESCAPES_WITHIN_MS = 1000;

/** Hide this page and go, replacing it in the history. */
export function leave(link) {
  document.body.hidden = true;
  document.title = "";
  location.replace(link.href);
}

const link = typeof document === "undefined" ? null : document.querySelector("[data-quick-exit]");
if (link) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    leave(link);
  });
  let last = -Infinity;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (event.timeStamp - last < ESCAPES_WITHIN_MS) leave(link);
    last = event.timeStamp;
  });
}
