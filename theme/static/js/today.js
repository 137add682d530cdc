// "Today and tomorrow" (partials/today.html): the meetings coming up, from each group's schedule rules
// (next-dates.js, the rules the cards and the .ics files use), in the group's own time zone. The entries
// wait in a hidden list; each meeting of today or tomorrow gets a copy with its hours. The today page
// narrows them by topic and format (?topic=…&attendance=…, kept in the address); a topic's listing shows
// its own. Nothing today or tomorrow: the next meetings after that, the online groups and the crisis lines.

import { addDays, byTime, day, dayFormat, meetingNodes, nextMeetings, todayAndTomorrow } from "./next-dates.js";

const LATER_SHOWN = 3;

/** Does an entry match the chosen topic and format? (hybrid groups are both) */
export function wanted(entry, choice) {
  const { attendance, topics } = entry.dataset;
  if (choice.topic && !topics.split(" ").includes(choice.topic)) return false;
  return !choice.attendance || attendance === choice.attendance || attendance === "hybrid";
}

/** A copy of an entry for one meeting, with its hours (and its day, when `format` is given). */
function copy(entry, meeting, format, separator) {
  const item = entry.cloneNode(true);
  delete item.dataset.schedule;
  const hours = item.querySelector("[data-hours]");
  hours.textContent = meeting.end ? `${meeting.time}–${meeting.end}` : meeting.time;
  if (format) hours.replaceWith(...meetingNodes(meeting, format, separator));
  item.querySelector("[data-live]").hidden = !meeting.live;
  return item;
}

class Today {
  constructor(root) {
    this.root = root;
    this.entries = [...root.querySelector("[data-entries]").children];
    this.schedules = new Map(this.entries.map((entry) => [entry, JSON.parse(entry.dataset.schedule)]));
    this.form = root.querySelector("[data-today-filters]");
    this.format = dayFormat(root.dataset.lang);
    this.separator = root.dataset.separator;
  }

  start() {
    this.root.querySelector("[data-today-fallback]").hidden = true;
    this.root.querySelector("[data-today-days]").hidden = false;
    const more = this.root.querySelector("[data-today-more]");
    if (more) more.hidden = false;
    if (this.form) this.startForm();
    this.draw();
  }

  /** The today page's filters start from the address and write back to it (a link keeps the choice). */
  startForm() {
    const params = new URLSearchParams(location.search);
    for (const name of ["topic", "attendance"]) {
      const value = params.get(name) || "";
      const field = this.form.elements[name];
      if (field instanceof RadioNodeList) field.value = [...field].some((box) => box.value === value) ? value : "";
      else if ([...field.options].some((option) => option.value === value)) field.value = value;
    }
    this.form.addEventListener("change", () => {
      const query = new URLSearchParams([...new FormData(this.form)].filter(([, value]) => value)).toString();
      history.replaceState(null, "", query ? `?${query}` : location.pathname);
      this.draw();
    });
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.hidden = false;
  }

  choice() {
    if (!this.form) return { topic: this.root.dataset.topic || "", attendance: "" };
    const data = new FormData(this.form);
    return { topic: data.get("topic") || "", attendance: data.get("attendance") || "" };
  }

  draw() {
    const now = new Date();
    const choice = this.choice();
    const entries = this.entries.filter((entry) => wanted(entry, choice));
    const meetings = entries
      .flatMap((entry) => todayAndTomorrow(this.schedules.get(entry), now).map((meeting) => ({ entry, meeting })))
      .sort((a, b) => byTime(a.meeting, b.meeting));
    for (const section of this.root.querySelectorAll("[data-day]")) {
      const offset = Number(section.dataset.day);
      const mine = meetings.filter(({ meeting }) => meeting.offset === offset);
      section.querySelector("[data-list]").replaceChildren(...mine.map(({ entry, meeting }) => copy(entry, meeting)));
      // A day without meetings says so while the other has some (both empty: the block below says it).
      section.querySelector("[data-day-none]").hidden = mine.length > 0;
      section.hidden = meetings.length === 0;
      const named = mine[0] ?? meetings.find((other) => other.meeting.offset !== offset);
      this.title(section, named?.meeting, offset);
    }
    this.root.querySelector("[data-today-none]").hidden = meetings.length > 0;
    if (!meetings.length) this.later(entries);
  }

  /** "Today · Monday, 7 December": the day's name and date after its title (from a meeting of either day). */
  title(section, meeting, offset) {
    const heading = section.querySelector("[data-day-title]");
    heading.textContent = heading.dataset.dayTitle;
    if (!meeting) return;
    const date = document.createElement("time");
    date.dateTime = addDays(meeting.day, offset - meeting.offset);
    date.textContent = this.format.format(day(date.dateTime));
    heading.append(" · ", date);
  }

  /** Nothing today or tomorrow: the next few meetings after that, with their day. */
  later(entries) {
    const next = entries
      .flatMap((entry) => nextMeetings(this.schedules.get(entry), 1).map((meeting) => ({ entry, meeting })))
      .sort((a, b) => (a.meeting.date + a.meeting.time).localeCompare(b.meeting.date + b.meeting.time))
      .slice(0, LATER_SHOWN);
    const block = this.root.querySelector("[data-later]");
    block.hidden = next.length === 0;
    block.querySelector("[data-later-list]").replaceChildren(
      ...next.map(({ entry, meeting }) => copy(entry, { ...meeting, live: false }, this.format, this.separator)),
    );
  }
}

if (typeof document !== "undefined") document.querySelectorAll("[data-today]").forEach((root) => new Today(root).start());
