// Refresh a group page's "next meetings" from its schedule rules, so a week-old build still shows
// the right dates. The rules are the same RRULE values the .ics file and the build use
// (directory/schedule.py); only the subset the group files can express is handled.

const DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

// Making an Intl.DateTimeFormat costs far more than using one: search results ask for today
// and the time of day for each group they show, so each format is made once per page and time zone.
const formats = new Map();

function formatIn(kind, zone, options) {
  const key = `${kind} ${zone ?? ""}`;
  if (!formats.has(key)) {
    formats.set(key, new Intl.DateTimeFormat(kind === "day" ? "en-CA" : "en-GB", { timeZone: zone, ...options }));
  }
  return formats.get(key);
}

/** Today's date (YYYY-MM-DD) in a time zone (the visitor's own when none is given), at `at` (now). */
export function todayIn(zone = undefined, at = new Date()) {
  return formatIn("day", zone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** A YYYY-MM-DD string as a UTC date, so day arithmetic ignores the visitor's own time zone. */
export function day(text) {
  const [y, m, d] = text.split("-").map(Number);
  // Not Date.UTC(y, …): it reads the years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

export function iso(date) {
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
}

function parseRule(text) {
  return Object.fromEntries(text.split(";").map((part) => part.split("=")));
}

function mondayOf(date) {
  const result = new Date(date);
  result.setUTCDate(result.getUTCDate() - ((result.getUTCDay() + 6) % 7));
  return result;
}

/** Does the rule hold on this date? (weekly, every other week, monthly by weekday or day of month) */
function matches(rule, start, date) {
  const code = DAY_CODES[date.getUTCDay()];
  if (rule.FREQ === "WEEKLY") {
    if (!rule.BYDAY.split(",").includes(code)) return false;
    const weeks = Math.round((mondayOf(date) - mondayOf(start)) / (7 * 86400000));
    return weeks % Number(rule.INTERVAL || 1) === 0;
  }
  if (rule.BYMONTHDAY) return date.getUTCDate() === Number(rule.BYMONTHDAY);
  const nth = Math.ceil(date.getUTCDate() / 7);
  const next = new Date(date);
  next.setUTCDate(date.getUTCDate() + 7);
  const isLast = next.getUTCMonth() !== date.getUTCMonth();
  return rule.BYDAY.split(",").some((item) => {
    const [, n, dayCode] = item.match(/^(-?\d)([A-Z]{2})$/);
    return dayCode === code && (Number(n) === nth || (Number(n) === -1 && isLast));
  });
}

/** The time of day (HH:MM) in a time zone, at `at` (now). */
export function timeIn(zone = undefined, at = new Date()) {
  return formatIn("time", zone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** A YYYY-MM-DD date `days` later (or earlier). */
export function addDays(text, days) {
  const date = day(text);
  date.setUTCDate(date.getUTCDate() + days);
  return iso(date);
}

/** Does a rule meet on a date (YYYY-MM-DD), within its series and outside a pause ending on `from`? */
export function meetsOn(item, from, text) {
  const date = day(text);
  for (const limit of [item.start, item.first, from]) if (limit && date < day(limit)) return false;
  if (item.last && date > day(item.last)) return false;
  return matches(parseRule(item.rrule), day(item.start), date);
}

// A meeting without an end time is taken to last this long when telling whether it is still under way.
const UNTIMED_HOURS = 2;

/** Is today's meeting over at `clock`? One without an end is, UNTIMED_HOURS after its start. */
function over(item, clock) {
  if (item.end) return ended(item, clock);
  const [h, m] = item.time.split(":").map(Number);
  const until = `${String(h + UNTIMED_HOURS).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  return until < "24:00" && until <= clock;
}

/** Does a meeting run past midnight (its end before its start)? */
function overnight(item) {
  return Boolean(item.end) && item.end < item.time;
}

/**
 * The meetings of today and tomorrow, each day in its rule's own time zone, at `at` (now): today's
 * still to start or under way (a meeting of last night that ends after midnight too), then tomorrow's.
 * Each is { offset: 0 today or 1 tomorrow, day: that day, date: the day it began, time, end, live: under
 * way now }, sorted by time.
 */
export function todayAndTomorrow(schedule, at = new Date()) {
  const found = [];
  for (const item of schedule.rules) {
    const today = todayIn(item.zone, at);
    const clock = timeIn(item.zone, at);
    const yesterday = addDays(today, -1);
    if (overnight(item) && clock < item.end && meetsOn(item, schedule.from, yesterday)) {
      found.push({ offset: 0, day: today, date: yesterday, time: item.time, end: item.end, live: true });
    }
    if (meetsOn(item, schedule.from, today) && !over(item, clock)) {
      found.push({ offset: 0, day: today, date: today, time: item.time, end: item.end, live: item.time <= clock });
    }
    const tomorrow = addDays(today, 1);
    if (meetsOn(item, schedule.from, tomorrow)) {
      found.push({ offset: 1, day: tomorrow, date: tomorrow, time: item.time, end: item.end, live: false });
    }
  }
  return found.sort(byTime);
}

/** The order of todayAndTomorrow()'s meetings: by day, last night's still under way first, then by time. */
export function byTime(a, b) {
  const key = (m) => `${m.offset}${m.date === m.day ? 1 : 0}${m.time}`;
  return key(a).localeCompare(key(b));
}

/** Has a meeting of today ended by `clock` (HH:MM)? One without an end, or ending after midnight, has not. */
function ended(item, clock) {
  return Boolean(item.end) && item.end > item.time && item.end <= clock;
}

/**
 * The next `count` meetings of all rules, from today on; today's are left out once they have ended.
 * Given `today` (tests), the clock is `now` (HH:MM), or not looked at.
 */
export function nextMeetings(schedule, count = 3, today = null, now = null) {
  const found = [];
  for (const item of schedule.rules) {
    const rule = parseRule(item.rrule);
    const start = day(item.start);
    const first = today || todayIn(item.zone);
    const clock = now ?? (today ? null : timeIn(item.zone));
    let from = day(first);
    for (const limit of [item.first, schedule.from]) if (limit && day(limit) > from) from = day(limit);
    let taken = 0;
    for (let i = 0; i < 400 && taken < count; i += 1) {
      const date = new Date(from);
      date.setUTCDate(from.getUTCDate() + i);
      if (item.last && date > day(item.last)) break;
      if (date < start || !matches(rule, start, date)) continue;
      if (clock && iso(date) === first && ended(item, clock)) continue;
      found.push({ date: iso(date), time: item.time, end: item.end });
      taken += 1;
    }
  }
  found.sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time));
  return found.slice(0, count);
}

/**
 * The Intl locale a page in `lang` writes dates with: the calendar data the page names (<html
 * data-date-locale>: Levantine month names in Arabic, see README, Language), the same that Babel used at
 * build time; otherwise the language itself, with the Western digits the site uses.
 */
export function dateLocale(lang) {
  const page = typeof document !== "undefined" ? document.documentElement : null;
  return (page?.lang === lang && page.dataset.dateLocale) || (lang === "ar" ? "ar-u-nu-latn" : lang);
}

/** How a page in `lang` writes a meeting day ("Tuesday, 8 December"). */
export function dayFormat(lang) {
  return new Intl.DateTimeFormat(dateLocale(lang), { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}

/** A meeting as nodes: its day (<time>), the separator, and its hours isolated left to right. */
export function meetingNodes(item, format, separator = ", ") {
  const time = document.createElement("time");
  time.dateTime = item.date;
  time.textContent = format.format(day(item.date));
  const hours = document.createElement("bdi");
  hours.dir = "ltr";
  hours.textContent = item.end ? `${item.time}–${item.end}` : item.time;
  return [time, separator, hours];
}

function render(list) {
  const schedule = JSON.parse(list.dataset.schedule);
  const format = dayFormat(list.dataset.lang);
  const items = nextMeetings(schedule, Number(list.dataset.count || 3));
  if (!items.length || items[0].date === list.querySelector("time")?.getAttribute("datetime")) return;
  // A card shows one date inline (<span>s); the group page lists three (<li>s).
  const tag = list.tagName === "UL" ? "li" : "span";
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement(tag);
      li.append(...meetingNodes(item, format, list.dataset.separator ?? ", "));
      return li;
    }),
  );
}

if (typeof document !== "undefined") document.querySelectorAll(".next-dates[data-schedule]").forEach(render);
