// "Leave this site quickly" on every page, as domestic-violence services have it: the link, or Escape
// pressed twice within a second, hides the page at once and replaces it, and its entry in the browser's
// history, with a neutral site, so "back" does not bring it up again. On sensitive pages (data-pinned)
// the control stays on screen: once the header has scrolled away it is pinned to a corner.

const ESCAPES_WITHIN_MS = 1000;

/** Hide this page and go, replacing it in the history. */
export function leave(link) {
  document.body.hidden = true;
  document.title = "";
  location.replace(link.href);
}

/** Pin the control while its header is off screen (never over the first screen's content). */
function pinWhileScrolled(link) {
  const header = link.closest("header");
  if (!header || !("IntersectionObserver" in window)) return;
  new IntersectionObserver(([entry]) => {
    link.classList.toggle("pinned", !entry.isIntersecting);
    document.body.classList.toggle("quick-exit-pinned", !entry.isIntersecting);
  }).observe(header);
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
  if (link.hasAttribute("data-pinned")) pinWhileScrolled(link);
}
