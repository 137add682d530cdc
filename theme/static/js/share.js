// The group page's share actions: the system share sheet where the browser has one (phones), a
// "copy link" button with spoken feedback, and the WhatsApp link (which works without this script).
// Nothing is loaded from another site; the page's address is the one in the address bar.

import { copy } from "./clipboard.js";

/** Wire one share section. */
function setUp(section) {
  const url = document.querySelector('link[rel="canonical"]')?.href || location.href.split("#")[0];
  const title = section.dataset.title;
  const status = section.querySelector("[data-share-status]");
  const native = section.querySelector("[data-share-native]");
  const copyButton = section.querySelector("[data-share-copy]");
  const whatsapp = section.querySelector("[data-share-whatsapp]");
  const say = (text) => {
    status.textContent = "";
    // A fresh text each time, so a screen reader announces a second copy too.
    requestAnimationFrame(() => {
      status.textContent = text;
    });
  };
  whatsapp.href = `https://wa.me/?${new URLSearchParams({ text: `${title} ${url}` })}`;
  if (navigator.share) {
    native.hidden = false;
    native.addEventListener("click", () => {
      navigator.share({ title, url }).catch(() => {});
    });
  }
  copyButton.hidden = false;
  copyButton.addEventListener("click", async () => {
    say((await copy(url)) ? section.dataset.copied : section.dataset.copyFailed);
  });
}

document.querySelectorAll("[data-share]").forEach(setUp);
