// "List your group": the form that writes a group file (theme/templates/submit.html).
//
// The form turns its controls into a group's data (collect), checks the data as `invoke validate` would
// (validate.js: the published JSON Schema, then the model's rules), shows each problem next to its field
// and in a summary at the top, draws a live preview, and writes the file in the canonical layout
// (canonical.js, byte-identical to `invoke fmt`). Nothing leaves the browser until the leader presses one
// of the buttons of the last step: a pull request on GitHub (its new-file page, filled in through the
// address), GitHub's edit page of the file ("update my group", ?edit=<slug>), a download, a copy, or an
// e-mail. Until then a draft is kept in localStorage, and removed when the listing is sent or cleared.
//
// Every control carries a data-path, the place of its value in the file ("schedule.0.start"); an error
// at a path is shown by the control with that path, or the nearest one above it.

import { layoutText } from "./canonical.js";
import { pyStrip } from "./rules.js";
import * as schedule from "./schedule.js";
import { Preview } from "./preview.js";
import { SchemaValidator, pathKey, validateGroup } from "./validate.js";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DRAFT_VERSION = 2;
// Phone numbers, times, dates, links and e-mail addresses inside a message: shown left to right, whole,
// even in a Hebrew or Arabic sentence (Unicode's left-to-right isolate, U+2066 ... U+2069).
const LTR_RUN = /(https?:\/\/[^\s'"”]+|www\.[^\s'"”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d\u00a0 ().:/\u2013-]*\d)/g;
// A link typed without its scheme ("www.example.org", "example.org/join"): the form adds https://.
const BARE_LINK = /^(?:[\p{L}\p{N}-]+\.)+\p{L}[\p{L}\p{N}-]*(?:[/?#:]\S*)?$/u;
const EASTERN_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

// Problems a form words differently from a file (FORM in plugins/submit_form/messages.py).
const FORM_WORDING = new Set(["monthly_rule", "monthly_both", "short_months", "dates_order", "no_contact", "needs_location", "needs_online", "paused_until", "forming_looking_for", "forming_only", "language_pattern"]);

function fill(template, params = {}) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => (name in params ? String(params[name]) : ""));
}

/** `text` with every phone number, time, link and address isolated left to right. */
export function isolate(text) {
  return text.replace(LTR_RUN, (run) => `\u2066${run}\u2069`);
}

/** A link as the leader typed it, with https:// in front when it has no scheme. */
export function completeLink(value) {
  const text = value.trim();
  return BARE_LINK.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? `https://${text}` : text;
}

/** Messages start in lower case because the validator puts the field's name first; here they stand alone. */
function sentence(text) {
  return /^[a-z]/.test(text) ? text[0].toUpperCase() + text.slice(1) : text;
}

function debounce(fn, wait) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}

/** Digits typed on an Arabic or Persian keyboard, and the Arabic decimal separator, as ASCII. */
function westernDigits(text) {
  return text
    .replace(EASTERN_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .replace(/\u066b/g, ".")
    .trim();
}

function todayIn(zone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

class SubmitForm {
  constructor(app, config) {
    this.app = app;
    this.config = config;
    this.form = app.querySelector("#group-form");
    this.meetings = app.querySelector("#meetings");
    this.summary = app.querySelector("#error-summary");
    this.status = app.querySelector("#form-status");
    this.send = app.querySelector("#send");
    this.preview = new Preview(app.querySelector("#preview"), config);
    this.languages = config.languages.map((l) => l.code);
    this.mode = "new";
    this.base = null; // the file's data when updating a group
    this.file = null; // the file's name when updating a group
    this.checked = false; // the leader pressed "Check" once: from then on, every change is checked
    this.touched = new Set(); // paths of controls the leader has left after changing them
    this.slugTouched = false;
    this.validator = null;
    this.errors = [];
    this.aliases = new Map(); // error paths whose control differs (languages[3] typed in "other languages")
    this.downloadUrl = null;
    this.legend = (num) => fill(config.ui.meeting_legend, { num });
    this.saveDraft = debounce(() => this.storeDraft(), 400);
    this.refreshSoon = debounce(() => this.refresh(), 200);
  }

  // --- Start ---------------------------------------------------------------------------------------

  async init() {
    this.bind();
    const query = new URLSearchParams(window.location.search);
    const slug = query.get("edit");
    this.confirming = query.has("confirm");
    const schema = fetch(this.config.schemaUrl).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))));
    if (slug && SLUG.test(slug)) await this.startEdit(slug);
    else this.startNew();
    try {
      this.validator = new SchemaValidator(await schema);
    } catch {
      // Without the schema the model's rules still run; the build's own validation stays the safety net.
      this.validator = { validate: () => [] };
    }
    this.refresh();
    this.app.dataset.ready = "true";
  }

  startNew() {
    this.setMode("new");
    const draft = this.loadDraft();
    if (draft) {
      this.fill(draft.data, draft.languages);
      this.setSlug(draft.slug || "", draft.slugTouched);
      this.openedRoute = Boolean(draft.opened);
      this.say(this.config.ui.draft_restored);
    } else {
      this.reset();
    }
  }

  async startEdit(slug) {
    this.setMode("edit");
    this.say(this.config.ui.edit_loading);
    const found = await this.loadGroup(slug);
    if (!found) {
      this.setMode("new");
      this.reset();
      this.say(this.config.ui.edit_failed);
      return;
    }
    this.base = found.data;
    this.file = found.file;
    this.editSlug = slug;
    const draft = this.confirming ? null : this.loadDraft();
    // Sending an update, or "still correct", confirms the details today.
    this.fill(draft ? draft.data : { ...found.data, verified: todayIn(this.config.timezone) }, draft ? draft.languages : null);
    this.setSlug(slug, true);
    if (this.confirming) this.checked = true;
    const name = this.preview.text(found.data.name);
    const message = fill(this.confirming ? this.config.ui.confirm_loaded : this.config.ui.edit_loaded, {
      name: typeof name === "string" ? name : name?.textContent || slug,
    });
    this.say(draft ? `${message} ${this.config.ui.draft_restored}` : message);
  }

  /** The group's file data: its own values from the source file, else the normalised open data. */
  async loadGroup(slug) {
    const json = async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    };
    if (this.config.sourceUrl) {
      try {
        const record = await json(this.config.sourceUrl.replace("{slug}", slug));
        return { data: record.data, file: record.file };
      } catch {
        // fall through to the open data
      }
    }
    if (this.config.groupsUrl) {
      try {
        const entry = (await json(this.config.groupsUrl)).groups.find((g) => g.slug === slug);
        if (entry) return { data: fromOpenData(entry), file: `${slug}.yaml` };
      } catch {
        return null;
      }
    }
    return null;
  }

  setMode(mode) {
    this.mode = mode;
    const shown = this.confirming && mode === "edit" ? "confirm" : mode;
    for (const part of this.app.parentElement.querySelectorAll("[data-mode]")) {
      part.hidden = part.dataset.mode !== mode && part.dataset.mode !== shown;
      if (part.closest("h1")) part.hidden = part.dataset.mode !== shown;
    }
    this.control("slug").readOnly = mode === "edit";
  }

  // --- Controls ------------------------------------------------------------------------------------

  control(path) {
    return this.form.querySelector(`[data-path="${CSS.escape(path)}"]`);
  }

  radio(name) {
    return this.form.querySelector(`input[name="${CSS.escape(name)}"]:checked`)?.value || "";
  }

  ticked(name) {
    return Array.from(this.form.querySelectorAll(`input[name="${CSS.escape(name)}"]:checked`), (box) => box.value);
  }

  check(name, values) {
    for (const box of this.form.querySelectorAll(`input[name="${CSS.escape(name)}"]`)) box.checked = values.includes(box.value);
  }

  /** The main topic first, then the other topics ticked. */
  topics() {
    const main = this.control("topics").value;
    const others = this.ticked("topics").filter((key) => key !== main);
    return main ? [main, ...others] : others;
  }

  listingLanguages() {
    return this.ticked("listing-languages");
  }

  /** A language map from the per-language controls under `path` (only the listing's languages). */
  text(path, multiline = false) {
    const chosen = this.listingLanguages();
    const map = {};
    for (const lang of this.languages) {
      const input = this.control(`${path}.${lang}`);
      if (!input || !chosen.includes(lang)) continue;
      const value = pyStrip(multiline ? input.value.replace(/\r\n?/g, "\n") : input.value);
      if (value) map[lang] = value;
    }
    return Object.keys(map).length ? map : undefined;
  }

  setText(path, value) {
    for (const lang of this.languages) {
      const input = this.control(`${path}.${lang}`);
      if (input) input.value = value && typeof value[lang] === "string" ? value[lang] : "";
    }
  }

  /** The languages typed by name ("Tigrinya, فارسی") or code, as codes; a name not known is kept as typed. */
  otherLanguages() {
    const index = this.config.languageIndex;
    return this.control("languages-other")
      .value.split(/[,،;]+/)
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => index[part.toLocaleLowerCase()] || part);
  }

  /** A time or date control holding half a value ("18:--"): the browser gives "", the leader typed something. */
  unfinished(control) {
    if (control && control.validity && control.validity.badInput) {
      this.problems.push({ path: control.dataset.path.split("."), code: control.type === "time" ? "time_unfinished" : "date_unfinished", params: {} });
    }
  }

  /** A whole number typed in a control; undefined when empty, and a problem when it is not one. */
  integer(path) {
    const raw = westernDigits(this.control(path).value);
    if (!raw) return undefined;
    if (/^[-+]?\d+$/.test(raw)) return Number(raw);
    this.problems.push({ path: path.split("."), code: "int_type", params: { value: raw } });
    return undefined;
  }

  number(path) {
    const raw = westernDigits(this.control(path).value);
    if (!raw) return undefined;
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(raw)) return Number(raw);
    this.problems.push({ path: path.split("."), code: "not_a_number", params: { value: raw } });
    return null;
  }

  // --- Form -> data ---------------------------------------------------------------------------------

  /** The group's data as the form holds it, and the problems only a form can have (a word in a number field). */
  collect() {
    this.problems = [];
    this.aliases = new Map();
    const base = this.base || {};
    const data = {};
    const put = (key, value) => {
      if (value !== undefined && value !== "" && !(Array.isArray(value) && !value.length)) data[key] = value;
    };
    put("name", this.text("name"));
    put("summary", this.text("summary"));
    put("description", this.text("description", true));
    put("topics", schedule.keepOrder(this.topics(), base.topics));
    const audience = schedule.keepOrder(this.ticked("audience"), base.audience);
    if (audience.length || "audience" in base) data.audience = audience;
    put("facilitation", this.radio("facilitation"));
    put("facilitator", this.text("facilitator", true));
    // A listed organisation is named by its key, which the form does not show: it stays unless a name is typed.
    const host = this.text("organization");
    put("organization", host === undefined && typeof base.organization === "string" ? base.organization : host);
    const ticked = this.ticked("languages");
    const other = this.otherLanguages();
    other.forEach((_, i) => this.aliases.set(`languages.${ticked.length + i}`, "languages-other"));
    put("languages", schedule.keepOrder([...ticked, ...other], base.languages));
    put("attendance", this.radio("attendance"));
    put("membership", this.radio("membership"));
    put("cost", this.radio("cost"));
    put("cost_note", this.text("cost_note"));
    const read = { text: (path, multiline) => this.text(path, multiline), integer: (path) => this.integer(path) };
    const status = this.radio("status") || "active";
    const unscheduled = status === "forming" && this.form.querySelector("#f-no-schedule").checked;
    if (!unscheduled) data.schedule = schedule.meetings(this.meetings).map((fieldset, i) => schedule.collectMeeting(fieldset, read, (base.schedule || [])[i]));
    if (data.attendance === "in-person" || data.attendance === "hybrid") {
      const location = this.collectLocation();
      if (Object.keys(location).length) data.location = location;
    }
    if (data.attendance === "online" || data.attendance === "hybrid") {
      const online = {};
      const set = (key, value) => value !== undefined && value !== "" && (online[key] = value);
      set("platform", this.control("online.platform").value);
      set("join_url", completeLink(this.control("online.join_url").value));
      set("note", this.text("online.note", true));
      if (Object.keys(online).length) data.online = online;
    }
    const contact = {};
    for (const key of ["phone", "whatsapp", "email", "website"]) {
      const raw = this.control(`contact.${key}`).value;
      const value = key === "website" ? completeLink(raw) : raw.trim();
      if (value) contact[key] = value;
    }
    const contactName = this.text("contact.name");
    if (contactName) contact.name = contactName;
    data.contact = contact;
    for (const control of this.form.querySelectorAll('input[type="time"], input[type="date"]')) {
      if (!control.closest("[hidden]")) this.unfinished(control);
    }
    put("verified", this.control("verified").value);
    if (base.listed !== undefined) data.listed = base.listed;
    if (this.mode === "new" || "status" in base || status !== "active") data.status = status;
    if (status === "paused") put("paused_until", this.control("paused_until").value);
    if (status === "forming") {
      put("looking_for", this.ticked("looking_for"));
      put("planned_start", this.control("planned_start").value);
      put("how_to_join", this.text("how_to_join", true));
    }
    return data;
  }

  collectLocation() {
    const location = {};
    const city = this.control("location.city").value;
    if (city) location.city = city;
    for (const key of ["venue", "address"]) {
      const value = this.text(`location.${key}`);
      if (value) location[key] = value;
    }
    const directions = this.text("location.directions", true);
    if (directions) location.directions = directions;
    const lat = this.number("location.geo.0");
    const lon = this.number("location.geo.1");
    if ((lat === undefined) !== (lon === undefined)) {
      this.problems.push({ path: ["location", "geo"], code: "geo_pair", params: {} });
    } else if (typeof lat === "number" && typeof lon === "number") {
      location.geo = [lat, lon];
    }
    const access = this.radio("location.wheelchair_accessible");
    if (access === "yes" || access === "no") location.wheelchair_accessible = access === "yes";
    return location;
  }

  // --- Data -> form ---------------------------------------------------------------------------------

  /** Put a group's data into the controls; `languages` are the listing's languages (else those of its texts). */
  fill(data, languages = null) {
    this.form.reset();
    const found = new Set();
    const scan = (value) => {
      if (!value || typeof value !== "object") return;
      for (const [key, inner] of Object.entries(value)) {
        if (this.languages.includes(key) && typeof inner === "string") found.add(key);
        else scan(inner);
      }
    };
    scan(data);
    const chosen = languages || this.languages.filter((code) => found.has(code));
    this.check("listing-languages", chosen.length ? chosen : [this.config.lang]);
    for (const field of ["name", "summary", "description", "facilitator", "organization", "cost_note"]) this.setText(field, data[field]);
    const topics = data.topics || [];
    this.control("topics").value = topics[0] || "";
    this.check("topics", topics.slice(1));
    this.check("audience", data.audience || []);
    const offered = Array.from(this.form.querySelectorAll('input[name="languages"]'), (box) => box.value);
    const spoken = data.languages || [];
    this.check("languages", spoken.filter((code) => offered.includes(code)));
    const names = this.config.languageNames;
    this.control("languages-other").value = spoken
      .filter((code) => !offered.includes(code))
      .map((code) => names[code] || code)
      .join(", ");
    for (const field of ["facilitation", "attendance", "membership", "cost"]) this.check(field, data[field] ? [data[field]] : []);
    const meetings = Array.isArray(data.schedule) && data.schedule.length ? data.schedule : [{}];
    schedule.ensureCount(this.meetings, meetings.length, this.legend);
    const write = { text: (path, value) => this.setText(path, value) };
    schedule.meetings(this.meetings).forEach((fieldset, i) => schedule.fillMeeting(fieldset, meetings[i], write));
    const location = data.location || {};
    this.control("location.city").value = location.city || "";
    for (const key of ["venue", "address", "directions"]) this.setText(`location.${key}`, location[key]);
    const geo = Array.isArray(location.geo) ? location.geo : [];
    this.control("location.geo.0").value = geo[0] ?? "";
    this.control("location.geo.1").value = geo[1] ?? "";
    const access = location.wheelchair_accessible;
    this.check("location.wheelchair_accessible", [access === true ? "yes" : access === false ? "no" : "unknown"]);
    const online = data.online || {};
    this.control("online.platform").value = online.platform || "";
    this.control("online.join_url").value = online.join_url || "";
    this.setText("online.note", online.note);
    const contact = data.contact || {};
    for (const key of ["phone", "whatsapp", "email", "website"]) this.control(`contact.${key}`).value = contact[key] || "";
    this.setText("contact.name", contact.name);
    this.control("verified").value = data.verified || "";
    this.check("status", [data.status || "active"]);
    this.control("paused_until").value = data.paused_until || "";
    this.check("looking_for", data.looking_for || []);
    this.control("planned_start").value = data.planned_start || "";
    this.setText("how_to_join", data.how_to_join);
    this.form.querySelector("#f-no-schedule").checked = data.status === "forming" && !(data.schedule || []).length;
    this.updateVisibility();
  }

  /**
   * A new form: the page's language, today's date, an active group, and the common answers (a weekly,
   * peer-led group, open to all, free, in the page's language), which the leader sees in the summary of
   * "More details" and changes there.
   */
  reset() {
    const data = {
      verified: todayIn(this.config.timezone),
      status: "active",
      facilitation: "peer",
      membership: "open",
      cost: "free",
      languages: [this.config.lang],
      schedule: [{ repeat: "weekly" }],
    };
    // "Start a group" links here with ?status=forming: a new group being founded, looking for members.
    if (new URLSearchParams(window.location.search).get("status") === "forming") {
      Object.assign(data, { status: "forming", looking_for: ["members"] });
    }
    this.fill(data, [this.config.lang]);
    this.check("location.wheelchair_accessible", ["unknown"]);
    this.setSlug("", false);
  }

  // --- The page ---------------------------------------------------------------------------------------

  updateVisibility() {
    const chosen = this.listingLanguages();
    for (const field of this.form.querySelectorAll(".lang-field")) field.hidden = !chosen.includes(field.dataset.lang);
    this.form.classList.toggle("one-language", chosen.length <= 1);
    this.countCharacters();
    this.summariseMore();
    const attendance = this.radio("attendance");
    for (const part of this.form.querySelectorAll("[data-show]")) part.hidden = !part.dataset.show.split(" ").includes(attendance);
    const status = this.radio("status");
    for (const part of this.form.querySelectorAll("[data-show-status]")) part.hidden = part.dataset.showStatus !== status;
    // A group being founded may not know its day and time yet: then no meeting is asked for.
    const unscheduled = status === "forming" && this.form.querySelector("#f-no-schedule").checked;
    for (const part of [this.meetings, this.form.querySelector(".add-meeting")]) if (part) part.hidden = unscheduled;
    schedule.showKinds(this.meetings);
  }

  /** "12 / 120" under each text that has a limit; over the limit, in the colour of errors. */
  countCharacters() {
    for (const counter of this.form.querySelectorAll("[data-counter]")) {
      const input = this.control(counter.dataset.counter);
      const limit = Number(input.dataset.limit);
      const length = Array.from(input.value).length;
      // Shown from half the limit on: short texts need no count, long ones see the end coming.
      counter.textContent = length * 2 >= limit ? fill(this.config.ui.characters, { count: length, limit }) : "";
      counter.hidden = !counter.textContent;
      counter.classList.toggle("over", length > limit);
    }
  }

  /** The answers "More details" holds, in one line on its summary: the leader sees what will be published. */
  summariseMore() {
    const labels = this.config.labels;
    const names = this.config.languageNames;
    const spoken = [...this.ticked("languages"), ...this.otherLanguages()].map((code) => names[code] || code);
    const parts = [
      labels.facilitation[this.radio("facilitation")],
      labels.membership[this.radio("membership")],
      labels.cost[this.radio("cost")],
      new Intl.ListFormat(document.documentElement.lang, { type: "conjunction" }).format(spoken),
    ].filter(Boolean);
    this.app.querySelector("#more-summary").textContent = parts.length ? `(${parts.join(" · ")})` : "";
  }

  setSlug(value, touched) {
    this.control("slug").value = value;
    this.slugTouched = touched;
  }

  /**
   * While the leader has not typed an address: city (or "online") and the first topic, made unique. The
   * address is shown only when that name is taken, with a link to the group that has it.
   */
  suggestSlug(data) {
    if (this.mode !== "new") return;
    const place = data.attendance === "online" ? "online" : data.location?.city;
    const topic = (data.topics || [])[0];
    const natural = place && topic ? `${place}-${topic}` : "";
    this.collides = Boolean(natural) && this.config.slugs.includes(natural);
    const existing = this.app.querySelector("#slug-existing");
    existing.hidden = !this.collides;
    if (this.collides) existing.href = this.config.groupUrl.replace("{slug}", natural);
    if (this.slugTouched || !natural) return;
    let slug = natural;
    for (let n = 2; this.config.slugs.includes(slug); n += 1) slug = `${natural}-${n}`;
    this.control("slug").value = slug;
  }

  showSlug() {
    const problem = this.checked && this.slugProblems().length > 0;
    this.app.querySelector("#slug-field").hidden = this.mode !== "new" || !(this.collides || this.slugTouched || problem);
  }

  slugProblems() {
    const slug = this.control("slug").value.trim();
    if (!slug) return [{ path: ["slug"], code: "required_slug", params: {} }];
    if (!SLUG.test(slug)) return [{ path: ["slug"], code: "pattern", params: { value: slug } }];
    if (this.mode === "new" && this.config.slugs.includes(slug)) return [{ path: ["slug"], code: "slug_taken", params: {} }];
    return [];
  }

  say(message) {
    this.status.textContent = message;
  }

  bind() {
    const changed = (event) => {
      const path = event.target.closest("[data-path]")?.dataset.path;
      if (event.type === "change" && path) this.touched.add(path);
      if (event.target === this.control("slug")) this.slugTouched = this.control("slug").value.trim() !== "";
      if (/\.(weeks|day_of_month)$/.test(event.target.name || event.target.dataset.path || "")) {
        this.autoSkip(event.target.closest("fieldset.meeting"));
      }
      this.updateVisibility();
      this.saveDraft();
      if (event.type === "change") this.refresh();
      else this.refreshSoon();
    };
    this.form.addEventListener("input", changed);
    this.form.addEventListener("change", changed);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.checked = true;
      this.refresh({ announce: true });
    });
    this.app.querySelector("#add-meeting").addEventListener("click", () => {
      const added = schedule.addMeeting(this.meetings, this.legend);
      this.updateVisibility();
      added.querySelector("input")?.focus();
      this.saveDraft();
      this.refresh();
    });
    this.meetings.addEventListener("click", (event) => {
      const button = event.target.closest("[data-remove-meeting]");
      if (!button) return;
      const fieldset = button.closest("fieldset.meeting");
      const index = Number(fieldset.dataset.meeting);
      schedule.removeMeeting(this.meetings, fieldset, this.legend);
      const meetings = schedule.meetings(this.meetings);
      meetings[Math.min(index, meetings.length - 1)].querySelector("input")?.focus();
      this.saveDraft();
      this.refresh();
    });
    this.summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      target.focus();
      (target.closest(".field, fieldset") || target).scrollIntoView({ block: "center" });
    });
    const clear = this.app.querySelector("#clear-form");
    const confirm = this.app.querySelector("#clear-confirm");
    clear.addEventListener("click", () => {
      confirm.hidden = false;
      confirm.focus();
    });
    confirm.addEventListener("click", () => this.clear());
    this.app.querySelector("#copy").addEventListener("click", () => this.copy());
    for (const route of this.send.querySelectorAll("[data-route]")) {
      route.addEventListener("click", () => this.opened());
    }
    this.app.querySelector("#sent-done").addEventListener("click", () => this.sent());
    // A link typed without https:// gets it when the leader leaves the field, so they see what is published.
    for (const path of ["online.join_url", "contact.website"]) {
      const input = this.control(path);
      input.addEventListener("change", () => {
        const completed = completeLink(input.value);
        if (completed !== input.value.trim()) input.value = completed;
      });
    }
  }

  /** Ticking a fifth week or a day 29-31 ticks "skip the months that have no such day" too. */
  autoSkip(fieldset) {
    if (!fieldset) return;
    const i = fieldset.dataset.meeting;
    const fifth = fieldset.querySelector(`input[name="schedule.${i}.weeks"][value="5"]`)?.checked;
    const day = Number(westernDigits(fieldset.querySelector(`[data-path="schedule.${i}.day_of_month"]`).value));
    if (fifth || day > 28) fieldset.querySelector(`[data-path="schedule.${i}.skip_short_months"]`).checked = true;
  }

  clear() {
    this.app.querySelector("#clear-confirm").hidden = true;
    this.openedRoute = false;
    this.removeDraft();
    this.checked = false;
    this.touched.clear();
    if (this.mode === "edit" && this.base) {
      this.fill(this.base);
      this.setSlug(this.editSlug, true);
    } else {
      this.reset();
    }
    this.refresh();
    this.say(this.config.ui.draft_cleared);
    this.control("listing-languages")?.querySelector("input")?.focus();
  }

  // --- Checking -------------------------------------------------------------------------------------

  /** Collect, check, show problems, draw the preview and update the file and the links. */
  refresh({ announce = false } = {}) {
    const data = this.collect();
    this.suggestSlug(data);
    const context = {
      languages: this.languages,
      taxonomy: Object.fromEntries(Object.entries(this.config.taxonomy).map(([name, labels]) => [name, Object.keys(labels)])),
      phoneRegion: this.config.phoneRegion,
      geoBounds: this.config.geoBounds,
      today: todayIn(this.config.timezone),
      charNames: this.config.charNames,
    };
    // No address yet means no city or topic yet: those fields say what is missing.
    const slugKnown = this.mode !== "new" || this.slugTouched || this.control("slug").value.trim();
    const problems = [...this.problems, ...(slugKnown ? this.slugProblems() : [])];
    if (!this.listingLanguages().length) problems.push({ path: ["listing-languages"], code: "no_listing_language", params: {} });
    const seen = new Set(problems.map((p) => pathKey(p.path)));
    const found = this.validator ? validateGroup(data, this.validator, context) : [];
    this.errors = [...problems, ...found.filter((e) => !seen.has(pathKey(e.path)))].map((e) => this.place(e, data));
    // In the order of the page, so the summary reads from the first step to the last.
    const position = (error) => this.control(error.target);
    this.errors.sort((a, b) => {
      const [x, y] = [position(a), position(b)];
      if (!x || !y || x === y) return 0;
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    this.preview.render(data);
    const shown = this.checked ? this.errors : this.errors.filter((e) => this.touched.has(e.target));
    this.showErrors(shown);
    if (this.checked) this.showSummary(announce);
    this.showSlug();
    if (!this.errors.length && this.checked) this.ready(data, announce);
    else {
      this.send.hidden = true;
      this.app.querySelector("#check").hidden = false;
    }
  }

  /** Where an error is shown: the control of its path, else of the nearest path above it. */
  place(error, data) {
    let key = pathKey(error.path);
    let code = error.code;
    if (code === "needs_location") key = "location.city";
    if (code === "needs_online") key = "online.platform";
    if (code === "monthly_both") key = `schedule.${error.path[1]}.${(data.schedule[error.path[1]] || {}).weeks ? "days" : "weeks"}`;
    if (code === "monthly_rule") {
      const byDate = this.radio(`schedule.${error.path[1]}.monthly-mode`) === "date";
      key = `schedule.${error.path[1]}.${byDate ? "day_of_month" : "weeks"}`;
    }
    if (code === "short_months") key = `schedule.${error.path[1]}.skip_short_months`;
    if (code === "union_tag_not_found") code = "missing";
    key = this.aliases.get(key) || key;
    const parts = key.split(".");
    while (parts.length && !this.control(parts.join("."))) parts.pop();
    const target = parts.join(".") || "listing-languages";
    return { ...error, code, target };
  }

  message(error) {
    return isolate(this.wording(error));
  }

  wording(error) {
    const config = this.config;
    const element = this.control(error.target);
    const kind = element?.dataset.kind || (element?.tagName === "SELECT" ? "choice" : element?.type === "date" ? "date" : element?.type === "time" ? "time" : "text");
    if (error.code === "missing" || error.code === "too_short" || error.code === "no_language") {
      if (error.target === "slug") return config.form.required_slug;
      return config.form[{ "text-map": "required_text_map", choice: "required_choice", multi: "required_multi", date: "required_date", time: "required_time" }[kind] || "required_text"];
    }
    // The form completes links with https://, so that is the one scheme it asks for.
    if (error.code === "url_scheme") return sentence(fill(config.messages.url_scheme, { ...error.params, schemes: "https://" }));
    if (error.code in config.form && (FORM_WORDING.has(error.code) || !(error.code in config.messages))) {
      return fill(config.form[error.code], error.params);
    }
    return sentence(fill(config.messages[error.code] || config.messages.model_type, error.params));
  }

  /** The first control to focus for a path (a group's first choice, a language's input). */
  focusTarget(path) {
    const element = this.control(path);
    if (!element) return null;
    if (element.matches("input, select, textarea")) return element;
    return Array.from(element.querySelectorAll("input, select, textarea")).find((c) => !c.closest("[hidden]")) || element;
  }

  label(path) {
    const element = this.control(path);
    if (!element) return "";
    const source = element.matches("fieldset") ? element.querySelector("legend") : this.form.querySelector(`label[for="${element.id}"]`);
    if (!source) return "";
    const copy = source.cloneNode(true);
    for (const extra of copy.querySelectorAll(".required, [hidden]")) extra.remove();
    const text = copy.textContent.replace(/\s+/g, " ").trim().replace(/:$/, "");
    const meeting = element.closest("fieldset.meeting");
    return meeting && meeting !== element ? `${meeting.querySelector("legend").textContent.trim()} · ${text}` : text;
  }

  showErrors(errors) {
    for (const message of this.form.querySelectorAll(".field-error")) {
      message.hidden = true;
      message.textContent = "";
    }
    for (const marked of this.form.querySelectorAll("[aria-invalid]")) marked.removeAttribute("aria-invalid");
    for (const described of this.form.querySelectorAll("[data-error-described]")) {
      described.setAttribute("aria-describedby", described.dataset.errorDescribed);
      if (!described.dataset.errorDescribed) described.removeAttribute("aria-describedby");
      delete described.dataset.errorDescribed;
    }
    const done = new Set();
    for (const error of errors) {
      if (done.has(error.target)) continue;
      done.add(error.target);
      const element = this.control(error.target);
      const message = this.form.querySelector(`#e-${CSS.escape(error.target.replace(/\./g, "-"))}`);
      if (!element || !message) continue;
      message.textContent = this.message(error);
      message.hidden = false;
      element.setAttribute("aria-invalid", "true");
      const before = element.getAttribute("aria-describedby") || "";
      element.dataset.errorDescribed = before;
      element.setAttribute("aria-describedby", `${before} ${message.id}`.trim());
    }
  }

  showSummary(announce) {
    const list = this.summary.querySelector("ul");
    const seen = new Set();
    const items = [];
    for (const error of this.errors) {
      if (seen.has(error.target)) continue;
      seen.add(error.target);
      const focus = this.focusTarget(error.target);
      const link = document.createElement("a");
      link.href = `#${focus ? focus.id : ""}`;
      link.textContent = `${this.label(error.target)}: ${this.message(error)}`;
      const item = document.createElement("li");
      item.append(link);
      items.push(item);
    }
    list.replaceChildren(...items);
    this.summary.querySelector("h2").textContent = this.config.ui.summary_title;
    this.summary.hidden = items.length === 0;
    if (announce && items.length) this.summary.focus();
  }

  // --- Sending ------------------------------------------------------------------------------------------

  fileName() {
    return this.mode === "edit" && this.file ? this.file : `${this.control("slug").value.trim()}.yaml`;
  }

  ready(data, announce) {
    const config = this.config;
    const yaml = layoutText(data, this.languages);
    const name = this.fileName();
    const folder = config.folder.split("/").map(encodeURIComponent).join("/");
    const github = `https://github.com/${config.repository}`;
    const branch = encodeURIComponent(config.branch);
    this.app.querySelector("#yaml-output").value = yaml;
    const title = this.send.querySelector("#send-title");
    title.textContent = this.mode === "edit" ? config.ui.ready_edit : config.ui.ready_new;
    this.app.querySelector("#open-issue").href = this.issueUrl(data, yaml, name);
    if (this.mode === "edit") {
      this.app.querySelector("#open-edit").href = `${github}/edit/${branch}/${folder}/${encodeURIComponent(name)}`;
    } else {
      const target = `${github}/new/${branch}?filename=${folder}/${encodeURIComponent(name)}`;
      const full = `${target}&value=${encodeURIComponent(yaml)}`;
      this.app.querySelector("#open-pr").href = full.length > config.maxUrlLength ? target : full;
    }
    this.app.querySelector("#too-long").hidden = !this.tooLong;
    if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
    this.downloadUrl = URL.createObjectURL(new Blob([yaml], { type: "text/yaml;charset=utf-8" }));
    const download = this.app.querySelector("#download");
    download.href = this.downloadUrl;
    download.download = name;
    const subject = fill(this.subjectTemplate(), { name: this.groupName(data, name) });
    const body = `${config.ui.email_body}\n\n${mailBlock(`${config.folder}/${name}`, config.lang, yaml)}\n`;
    this.app.querySelector("#send-email").href = `mailto:${config.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
    this.send.hidden = false;
    // The routes take the place of the button that showed them; a new problem brings the button back.
    this.app.querySelector("#check").hidden = true;
    this.app.querySelector("#sent-confirm").hidden = !this.openedRoute;
    if (announce) title.focus();
  }

  groupName(data, fallback) {
    const text = this.preview.text(data.name);
    return typeof text === "string" ? text : text?.textContent || fallback;
  }

  subjectTemplate() {
    const ui = this.config.ui;
    if (this.confirming) return ui.email_subject_confirm;
    return this.mode === "edit" ? ui.email_subject_edit : ui.email_subject_new;
  }

  /** GitHub's "list a group" issue form (.github/ISSUE_TEMPLATE), filled in through its address. */
  issueUrl(data, yaml, name) {
    const config = this.config;
    const params = new URLSearchParams({
      template: config.issueTemplate,
      title: fill(this.subjectTemplate(), { name: this.groupName(data, name) }),
      file: `${config.folder}/${name}`,
      language: config.languages.find((l) => l.code === config.lang)?.name || config.lang,
    });
    const target = `https://github.com/${config.repository}/issues/new?${params}`;
    const full = `${target}&listing=${encodeURIComponent(yaml)}`;
    this.tooLong = full.length > config.maxUrlLength;
    return this.tooLong ? target : full;
  }

  async copy() {
    const output = this.app.querySelector("#yaml-output");
    try {
      await navigator.clipboard.writeText(output.value);
      this.say(this.config.ui.copied);
    } catch {
      output.focus();
      output.select();
      this.say(this.config.ui.copy_failed);
    }
  }

  /** The leader opened GitHub or their e-mail: nothing is sent yet, so the draft stays until they say it was. */
  opened() {
    this.openedRoute = true;
    this.storeDraft();
    this.app.querySelector("#sent-confirm").hidden = false;
  }

  /** The leader says the listing was sent: the draft has done its job. */
  sent() {
    this.openedRoute = false;
    this.removeDraft();
    this.app.querySelector("#sent-confirm").hidden = true;
    this.say(this.config.ui.draft_sent);
  }

  // --- Draft --------------------------------------------------------------------------------------------

  draftKey() {
    return `support-groups-form:${this.mode === "edit" ? `edit:${this.editSlug}` : "new"}`;
  }

  storeDraft() {
    try {
      const draft = {
        version: DRAFT_VERSION,
        data: this.collect(),
        languages: this.listingLanguages(),
        slug: this.control("slug").value.trim(),
        slugTouched: this.slugTouched,
        opened: Boolean(this.openedRoute),
      };
      window.localStorage.setItem(this.draftKey(), JSON.stringify(draft));
    } catch {
      // Storage may be off (private browsing): the form still works, without a draft.
    }
  }

  loadDraft() {
    try {
      const draft = JSON.parse(window.localStorage.getItem(this.draftKey()) || "null");
      return draft && draft.version === DRAFT_VERSION && draft.data ? draft : null;
    } catch {
      return null;
    }
  }

  removeDraft() {
    try {
      window.localStorage.removeItem(this.draftKey());
    } catch {
      // nothing to remove
    }
  }
}

/**
 * The group file in an e-mail, between two marker lines that `invoke add-from-mail` looks for; the first
 * names the file and the leader's language (for the reply).
 */
export function mailBlock(path, lang, yaml) {
  return `===== ${path} (${lang}) =====\n${yaml}===== end =====`;
}

/** A group of /data/groups.json as a file's data: without slug, urls and its host's name, times as HH:MM when they can be. */
export function fromOpenData(entry) {
  const { slug, urls, organization_name: hostName, organization_url: hostUrl, ...data } = entry;
  for (const meeting of data.schedule || []) {
    for (const key of ["start", "end"]) {
      if (typeof meeting[key] === "string" && meeting[key].endsWith(":00") && meeting[key].length === 8) meeting[key] = meeting[key].slice(0, 5);
    }
  }
  return data;
}

const app = typeof document !== "undefined" ? document.getElementById("submit-app") : null;
if (app) {
  const config = JSON.parse(app.dataset.config);
  document.getElementById("needs-js").hidden = true;
  app.hidden = false;
  new SubmitForm(app, config).init();
}
