// The schedule builder: one fieldset per meeting pattern (schedule[i] of the group file). The page holds
// the first one (theme/templates/submit.html); more are clones of it, renumbered, so every control keeps a
// unique id, a label and its data-path ("schedule.2.start").

const RENUMBERED = ["id", "for", "name", "data-path", "aria-describedby", "aria-labelledby"];
const INDEX = /schedule([.-])\d+(?=[.-]|\s|$)/g;

export const TIMED = ["weekly", "biweekly", "monthly", "cohort"];

/** The meeting fieldsets, in order. */
export function meetings(container) {
  return Array.from(container.querySelectorAll(":scope > fieldset.meeting"));
}

function renumberOne(fieldset, index, legend) {
  for (const element of [fieldset, ...fieldset.querySelectorAll("*")]) {
    for (const name of RENUMBERED) {
      const value = element.getAttribute(name);
      if (value && value.includes("schedule")) element.setAttribute(name, value.replace(INDEX, `schedule$1${index}`));
    }
  }
  fieldset.dataset.meeting = String(index);
  fieldset.querySelector("[data-meeting-legend]").textContent = legend(index + 1);
}

/** Give every meeting its index again (after one is added or removed). */
export function renumber(container, legend) {
  meetings(container).forEach((fieldset, index) => renumberOne(fieldset, index, legend));
  const single = meetings(container).length === 1;
  container.classList.toggle("single-meeting", single);
  for (const button of container.querySelectorAll("[data-remove-meeting]")) button.hidden = single;
}

/** Empty every control of a meeting. */
export function clearMeeting(fieldset) {
  for (const control of fieldset.querySelectorAll("input, select, textarea")) {
    if (control.type === "checkbox" || control.type === "radio") control.checked = false;
    else control.value = "";
    control.removeAttribute("aria-invalid");
  }
  for (const details of fieldset.querySelectorAll("details")) details.open = false;
}

/** A new, empty meeting after the last one. */
export function addMeeting(container, legend) {
  const all = meetings(container);
  const clone = all[0].cloneNode(true);
  clearMeeting(clone);
  for (const error of clone.querySelectorAll(".field-error")) {
    error.hidden = true;
    error.textContent = "";
  }
  all[all.length - 1].after(clone);
  renumber(container, legend);
  return clone;
}

export function removeMeeting(container, fieldset, legend) {
  if (meetings(container).length > 1) fieldset.remove();
  renumber(container, legend);
}

/** Make the page hold exactly `count` meetings. */
export function ensureCount(container, count, legend) {
  while (meetings(container).length < count) addMeeting(container, legend);
  const all = meetings(container);
  for (const extra of all.slice(Math.max(count, 1))) extra.remove();
  renumber(container, legend);
}

const control = (fieldset, i, name) => fieldset.querySelector(`[data-path="schedule.${i}.${name}"]`);
// A choice is a list (how often) or a set of radio buttons (which days of the month).
const radio = (fieldset, i, name) =>
  fieldset.querySelector(`select[name="schedule.${i}.${name}"]`)?.value ??
  (fieldset.querySelector(`input[name="schedule.${i}.${name}"]:checked`)?.value || "");
const ticked = (fieldset, i, name) =>
  Array.from(fieldset.querySelectorAll(`input[name="schedule.${i}.${name}"]:checked`), (box) => box.value);

/** The tokens that select which parts of a meeting are shown: its kind, and for monthly its mode. */
export function kindTokens(fieldset) {
  const i = fieldset.dataset.meeting;
  const repeat = radio(fieldset, i, "repeat");
  if (repeat !== "monthly") return [repeat];
  return ["monthly", radio(fieldset, i, "monthly-mode") === "date" ? "monthly-date" : "monthly-weekday"];
}

/** Show the parts of each meeting that its kind uses. */
export function showKinds(container) {
  for (const fieldset of meetings(container)) {
    const tokens = kindTokens(fieldset);
    for (const part of fieldset.querySelectorAll("[data-kinds]")) {
      part.hidden = !part.dataset.kinds.split(" ").some((token) => tokens.includes(token));
    }
  }
}

/** The list `values` in the order of `before` when both hold the same items (so an update changes nothing). */
export function keepOrder(values, before) {
  if (Array.isArray(before) && before.length === values.length && before.every((v) => values.includes(v))) {
    return [...before];
  }
  return values;
}

/**
 * One meeting's data from its controls. `read` gives helpers shared with the form (texts, numbers);
 * `before` is the same meeting as the file had it (update mode), so default values it spelt out stay.
 */
export function collectMeeting(fieldset, read, before) {
  const i = fieldset.dataset.meeting;
  const path = (name) => `schedule.${i}.${name}`;
  const repeat = radio(fieldset, i, "repeat");
  if (!repeat) return {};
  const same = before && before.repeat === repeat ? before : null;
  const entry = { repeat };
  const days = () => keepOrder(ticked(fieldset, i, "days"), same?.days);
  const value = (name) => control(fieldset, i, name).value.trim();
  if (repeat === "by-arrangement" || repeat === "ongoing") {
    const note = read.text(path("note"), true);
    if (note) entry.note = note;
    return entry;
  }
  if (repeat === "monthly") {
    if (radio(fieldset, i, "monthly-mode") === "date") {
      const day = read.integer(path("day_of_month"));
      if (day !== undefined) entry.day_of_month = day;
    } else {
      const weeks = ticked(fieldset, i, "weeks").map(Number);
      if (weeks.length) entry.weeks = keepOrder(weeks, same?.weeks);
      const chosen = days();
      if (chosen.length) entry.days = chosen;
    }
    const skip = control(fieldset, i, "skip_short_months").checked;
    if (skip || (same && "skip_short_months" in same)) entry.skip_short_months = skip;
  } else {
    entry.days = days();
  }
  if (repeat === "biweekly" || repeat === "cohort") {
    if (value("first_date")) entry.first_date = value("first_date");
  }
  if (repeat === "cohort") {
    if (value("last_date")) entry.last_date = value("last_date");
    const sessions = read.integer(path("sessions"));
    if (sessions !== undefined) entry.sessions = sessions;
  }
  if (value("start")) entry.start = value("start");
  if (value("end")) entry.end = value("end");
  if (value("timezone")) entry.timezone = value("timezone");
  return entry;
}

/** Put one meeting's data into its controls. */
export function fillMeeting(fieldset, entry, write) {
  clearMeeting(fieldset);
  const i = fieldset.dataset.meeting;
  const check = (name, values) => {
    for (const box of fieldset.querySelectorAll(`input[name="schedule.${i}.${name}"]`)) {
      box.checked = values.map(String).includes(box.value);
    }
  };
  const set = (name, value) => {
    if (value !== undefined && value !== null) control(fieldset, i, name).value = String(value);
  };
  if (!entry || !entry.repeat) return;
  control(fieldset, i, "repeat").value = entry.repeat;
  check("days", entry.days || []);
  check("weeks", entry.weeks || []);
  if (entry.repeat === "monthly") check("monthly-mode", [entry.day_of_month !== undefined ? "date" : "weekday"]);
  control(fieldset, i, "skip_short_months").checked = entry.skip_short_months === true;
  for (const name of ["day_of_month", "first_date", "last_date", "sessions", "start", "end", "timezone"]) set(name, entry[name]);
  if (entry.timezone) fieldset.querySelector("details").open = true;
  write.text(`schedule.${i}.note`, entry.note);
}
