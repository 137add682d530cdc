// The referral list: "Add to my list" on group pages and cards, and the list page (/<lang>/list/) that
// shows the chosen groups, prints them as a handout and shares them as a link.
//
// The list lives in this browser only (localStorage; no cookie, nothing sent). A shared link carries it
// in the fragment, /he/list/#g=slug-one,slug-two&n=note, which browsers never send to the server; the
// page that opens it reads each group's list.json (written by the build beside the group's page) from
// this site and nothing else.

import { copy } from "./clipboard.js";

const KEY = "referral-list";
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_GROUPS = 30; // a handout of more would not be read; a link stays short enough to send
export const MAX_NOTE = 600;

/**
 * @typedef {{slugs: string[], note: string}} List
 */

/** A list from untrusted data (storage, a link): known shapes only, slugs once each, bounded. */
export function clean(data) {
  const slugs = Array.isArray(data?.slugs) ? data.slugs.filter((s) => typeof s === "string" && SLUG.test(s)) : [];
  const note = typeof data?.note === "string" ? data.note.slice(0, MAX_NOTE) : "";
  return { slugs: [...new Set(slugs)].slice(0, MAX_GROUPS), note };
}

/** The list a link's fragment carries ("#g=a,b&n=note"), or null when it carries none. */
export function fromFragment(hash) {
  const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  if (!params.has("g")) return null;
  return clean({ slugs: params.get("g").split(","), note: params.get("n") || "" });
}

/** The fragment that carries a list. */
export function toFragment(list) {
  const params = new URLSearchParams({ g: list.slugs.join(",") });
  if (list.note.trim()) params.set("n", list.note.trim());
  return `#${params}`;
}

/** The list kept in this browser (empty when storage is off or holds something else). */
export function load() {
  try {
    return clean(JSON.parse(localStorage.getItem(KEY) || "{}"));
  } catch {
    return clean({});
  }
}

/** Keep the list in this browser; an empty list leaves nothing behind. */
export function save(list) {
  try {
    if (list.slugs.length || list.note.trim()) localStorage.setItem(KEY, JSON.stringify(clean(list)));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage is off (private mode, settings): the list lasts as long as the page.
  }
}

// --- "Add to my list" buttons, on any page -------------------------------------------------------------

/** Show every list button, saying whether its group is on the list, and the menu's count. */
function refreshButtons(list = load()) {
  for (const button of document.querySelectorAll("[data-list-toggle]")) {
    const on = list.slugs.includes(button.dataset.listToggle);
    const label = on ? button.dataset.remove : button.dataset.add;
    if (button.textContent !== label) button.textContent = label;
    button.classList.toggle("on", on);
    button.hidden = false;
  }
  for (const count of document.querySelectorAll("[data-list-count]")) {
    count.textContent = list.slugs.length ? `(${list.slugs.length})` : "";
  }
}

function toggle(slug) {
  const list = load();
  const at = list.slugs.indexOf(slug);
  if (at >= 0) list.slugs.splice(at, 1);
  else if (list.slugs.length < MAX_GROUPS) list.slugs.push(slug);
  save(list);
  refreshButtons(list);
  document.dispatchEvent(new CustomEvent("referral-list-changed"));
}

function wireButtons() {
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-list-toggle]");
    if (button) toggle(button.dataset.listToggle);
  });
  // Another tab changed the list; or cards were added to the page later (search results).
  window.addEventListener("storage", (event) => event.key === KEY && refreshButtons());
  new MutationObserver((changes) => {
    if (changes.some((c) => [...c.addedNodes].some((n) => n.nodeType === 1 && (n.matches("[data-list-toggle]") || n.querySelector("[data-list-toggle]"))))) {
      refreshButtons();
    }
  }).observe(document.body, { childList: true, subtree: true });
  refreshButtons();
}

// --- The list page ----------------------------------------------------------------------------------------

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== "") node.append(child);
  return node;
}

class ReferralPage {
  constructor(root) {
    this.root = root;
    this.text = root.dataset;
    this.entries = root.querySelector("[data-entries]");
    this.noteField = root.querySelector("[data-note]");
    this.noteText = root.querySelector("[data-note-text]");
    this.status = root.querySelector("[data-status]");
    this.cache = new Map();
    const shared = fromFragment(location.hash);
    this.shared = shared !== null;
    this.list = shared || load();
  }

  init() {
    this.root.querySelector("[data-print]").addEventListener("click", () => window.print());
    this.root.querySelector("[data-copy-link]").addEventListener("click", () => this.copyLink());
    this.root.querySelector("[data-clear]").addEventListener("click", () => this.change({ slugs: [], note: "" }, this.text.cleared));
    this.root.querySelector("[data-keep]").addEventListener("click", () => this.keep());
    this.noteField.addEventListener("input", () => this.change({ ...this.list, note: this.noteField.value }));
    this.entries.addEventListener("click", (event) => {
      const button = event.target.closest("[data-remove-slug]");
      if (!button) return;
      const slugs = this.list.slugs.filter((s) => s !== button.dataset.removeSlug);
      this.change({ ...this.list, slugs }, this.text.removed);
    });
    document.addEventListener("referral-list-changed", () => !this.shared && this.change(load()));
    window.addEventListener("hashchange", () => {
      const shared = fromFragment(location.hash);
      if (shared) {
        this.shared = true;
        this.change(shared);
      }
    });
    this.noteField.value = this.list.note;
    this.render();
  }

  /** A new list: kept in this browser (or, for a shared one, in the address), then shown. */
  change(list, message = "") {
    const slugsChanged = list.slugs.join() !== this.list.slugs.join();
    this.list = clean(list);
    if (this.shared) history.replaceState(null, "", toFragment(this.list));
    else save(this.list);
    if (this.noteField.value !== this.list.note) this.noteField.value = this.list.note;
    this.root.querySelector("[data-link-row]").hidden = true;
    if (message) this.say(message);
    if (slugsChanged) this.render();
    else this.showNote();
  }

  keep() {
    this.shared = false;
    save(this.list);
    history.replaceState(null, "", location.pathname + location.search);
    refreshButtons(this.list);
    this.render();
    this.say(this.text.kept);
  }

  say(message) {
    this.status.textContent = "";
    requestAnimationFrame(() => {
      this.status.textContent = message;
    });
  }

  async copyLink() {
    const link = `${location.origin}${location.pathname}${toFragment(this.list)}`;
    const field = this.root.querySelector("[data-link]");
    field.value = link;
    this.root.querySelector("[data-link-row]").hidden = false;
    this.say((await copy(link)) ? this.text.copied : this.text.copyFailed);
  }

  showNote() {
    const note = this.list.note.trim();
    this.noteText.textContent = note;
    this.noteText.hidden = !note;
  }

  /** A group's entry as the build wrote it (null when the group is no longer listed). */
  async entry(slug) {
    if (!this.cache.has(slug)) {
      const url = this.text.groups.replace("{slug}", slug);
      this.cache.set(
        slug,
        fetch(url).then((r) => (r.ok ? r.json() : null)).catch(() => null),
      );
    }
    return this.cache.get(slug);
  }

  async render() {
    const empty = !this.list.slugs.length;
    const notice = this.root.querySelector("[data-shared-notice]");
    notice.hidden = !this.shared;
    this.root.querySelector("[data-shared-text]").textContent = this.text.shared;
    this.root.querySelector("[data-empty]").hidden = !empty;
    this.root.querySelector("[data-tools]").hidden = empty;
    this.root.querySelector("[data-handout]").hidden = empty;
    this.showNote();
    const asked = this.list.slugs.join();
    const found = await Promise.all(this.list.slugs.map((slug) => this.entry(slug)));
    if (asked !== this.list.slugs.join()) return; // the list changed while loading: a newer render follows
    this.entries.replaceChildren(...found.map((data, i) => this.item(this.list.slugs[i], data)));
    this.root.dataset.ready = String(found.length);
  }

  item(slug, data) {
    const remove = element("button", { type: "button", class: "button small entry-remove", "data-remove-slug": slug }, this.text.remove);
    if (!data) {
      return element("li", { class: "referral-entry missing" }, element("p", {}, element("bdi", { dir: "ltr" }, slug), " · ", this.text.missing), remove);
    }
    const site = this.text.site;
    const label = (text) => element("span", { class: "entry-label" }, text);
    const parts = (items, cls = "entry-part") => items.map((text) => element("span", { class: cls }, text));
    const name = element("p", { class: "entry-name" }, element("strong", {}, element("a", { href: `${site}${data.url}` }, data.name)));
    if (data.note) name.append(" ", element("span", { class: "entry-status" }, data.note));
    const lines = [name, element("p", {}, data.summary)];
    // Each meeting in words, then its hours kept on one line (isolated: they read left to right in RTL too).
    const when = data.when.map(([words, hours]) => element("span", { class: "entry-when" }, words, hours ? " " : "", hours ? element("span", { class: "hours" }, hours) : ""));
    if (when.length) lines.push(element("p", {}, label(this.text.when), " ", ...when));
    const where = element("p");
    if (data.place.length) where.append(label(this.text.where), " ", ...parts(data.place));
    if (data.online) where.append(" ", element("span", { class: "entry-part" }, label(this.text.online), " ", data.online));
    if (where.childNodes.length) lines.push(where);
    const contact = element("p", { class: "entry-contact" });
    const reach = (title, href, shown, rel) => element("span", { class: "entry-part" }, `${title} `, element("bdi", { dir: "ltr", class: "phone" }, element("a", { href, ...(rel ? { rel } : {}) }, shown)));
    if (data.phone) contact.append(reach(this.text.phone, `tel:${data.phone[0]}`, data.phone[1]));
    if (data.whatsapp) contact.append(reach(this.text.whatsapp, `https://wa.me/${data.whatsapp[0].replace("+", "")}`, data.whatsapp[1]));
    if (data.email) contact.append(reach(this.text.email, `mailto:${data.email}`, data.email));
    if (data.website && /^https?:\/\//.test(data.website)) contact.append(reach(this.text.website, data.website, data.website.replace(/^https?:\/\/(www\.)?/, "").replace(/\/$/, ""), "nofollow ugc noopener noreferrer"));
    contact.append(...parts(data.facts));
    lines.push(contact);
    const text = element("div", { class: "entry-text" }, ...lines, element("p", { class: "entry-actions" }, remove));
    const link = element(
      "a",
      { class: "entry-link", href: `${site}${data.url}` },
      element("img", { class: "qr", src: `${site}${data.qr}`, alt: "", width: "88", height: "88" }),
      element("bdi", { dir: "ltr", class: "address" }, data.address),
    );
    return element("li", { class: "referral-entry", "data-slug": slug }, element("div", { class: "print-entry" }, text, link));
  }
}

wireButtons();
const root = document.querySelector("[data-referral]");
if (root) new ReferralPage(root).init();
