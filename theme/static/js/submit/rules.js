// The model's own rules, which a JSON Schema cannot say: a port of the checks in directory/model.py
// and checks.py (texts, phone numbers, web and e-mail addresses, time zones, map bounds, taxonomy keys,
// dates not in the future) and of the rules between fields (`_consistency` and the meeting validators).
// Each error is { path, code, params }, where code names the validator's message in
// plugins/submit_form/messages.py (VALIDATOR), so the form says what `invoke validate` would say.
//
// A rule looks only at values that are of the right type: a value the schema refuses is reported by
// the schema (schema.js), and a rule between two values runs once both are valid on their own.

import { isDate, isTime } from "./schema.js";
import { phoneParams, phoneProblem } from "./phone.js";

// Python's str.strip() removes these (str.isspace); JavaScript's trim() differs by \x1c-\x1f, \x85 and \ufeff.
const PY_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

/** Python's str.strip(). */
export function pyStrip(text) {
  let start = 0;
  let end = text.length;
  while (start < end && PY_SPACE.includes(text[start])) start += 1;
  while (end > start && PY_SPACE.includes(text[end - 1])) end -= 1;
  return text.slice(start, end);
}

// Invisible characters by Unicode property, as checks.py (FORBIDDEN_IN_LINE, FORBIDDEN_IN_TEXT).
const FORBIDDEN_IN_LINE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\u2800]/u;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2800]/u;
// Kept in long texts: line breaks, tabs, joiners, variation selectors and direction marks.
const TEXT_KEEPS = /[\n\t\u200c\u200d\ufe00-\ufe0f\u200e\u200f\u061c]/u;
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$|^xn--/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

// Which fields are one-line texts (OneLine) and which may hold paragraphs (LocalizedText).
const ONE_LINE = new Set(["name", "summary", "organization", "cost_note", "location.venue", "location.address", "contact.name"]);
const MULTI_LINE = new Set(["description", "facilitator", "location.directions", "online.note"]);
const LIMITS = { name: 120, summary: 200 };

// model.py's limits (CONTRIBUTING.md, "Limits").
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
const MAX_COURSE_DAYS = 2 * 366;
const MAX_MARKDOWN_NESTING = 4;
const MAX_MARKDOWN_BRACKETS = 30;
const LIST_ITEM = /^(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$)/;

function expandTabs(line) {
  let out = "";
  for (const char of line) out += char === "\t" ? " ".repeat(4 - (out.length % 4)) : char;
  return out;
}

/** How deep a Markdown text puts lists and quotes inside each other (model.py markdown_nesting). */
export function markdownNesting(text) {
  let deepest = 0;
  for (const line of text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/)) {
    let depth = 0;
    let rest = expandTabs(line);
    for (;;) {
      const stripped = rest.replace(/^ +/, "");
      const indent = rest.length - stripped.length;
      if (indent >= 4) {
        depth += Math.floor(indent / 4);
        rest = stripped;
        continue;
      }
      if (stripped.startsWith(">")) {
        depth += 1;
        rest = stripped.slice(1);
        continue;
      }
      const item = LIST_ITEM.exec(stripped);
      if (item && pyStrip(stripped.slice(item[0].length))) {
        depth += 1;
        rest = stripped.slice(item[0].length);
        continue;
      }
      break;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** The Markdown limits of a long text (model.py LocalizedText._check_text), or null. */
function markdownProblem(text, lang) {
  const brackets = text.split("[").length - 1;
  if (brackets > MAX_MARKDOWN_BRACKETS) return { code: "markdown_brackets", params: { lang, num: brackets, max: MAX_MARKDOWN_BRACKETS } };
  const depth = markdownNesting(text);
  if (depth > MAX_MARKDOWN_NESTING) return { code: "markdown_nesting", params: { lang, num: depth, max: MAX_MARKDOWN_NESTING } };
  return null;
}

/** A YYYY-MM-DD date outside the years a group file may hold (model.py _calendar_date), or null. */
function dateProblem(value) {
  if (!isText(value) || !isDate(value)) return null;
  const year = Number(value.slice(0, 4));
  if (year >= FIRST_YEAR && year <= LAST_YEAR) return null;
  return { code: "date_window", params: { value, first: FIRST_YEAR, last: LAST_YEAR } };
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (any year: not Date.UTC, which reads 0-99 as 1900-1999). */
function dayNumber(value) {
  const date = new Date(0);
  date.setUTCFullYear(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)));
  return Math.round(date.getTime() / 86400000);
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isText = (value) => typeof value === "string";

function describe(char, names) {
  const code = char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  return { code: `U+${code}`, char_name: names[code] || "CONTROL CHARACTER" };
}

/** The first problem of one language's text, or null (checks.py: check_line / check_text). */
function textProblem(text, oneLine, names) {
  if (oneLine) {
    let index = 0;
    for (const char of pyStrip(text)) {
      if (char === "\r" || char === "\n") return { code: "line_break", params: {} };
      if (FORBIDDEN_IN_LINE.test(char)) {
        return { code: "invisible_line", params: { index: index + 1, ...describe(char, names) } };
      }
      index += 1;
    }
    return null;
  }
  let line = 1;
  for (const char of text) {
    if (INVISIBLE.test(char) && !TEXT_KEEPS.test(char)) {
      return { code: "invisible_text", params: { line, ...describe(char, names) } };
    }
    if (char === "\n") line += 1;
  }
  return null;
}

/** A language map's first problem (LocalizedText._known_languages, then the length limit). */
function checkTextMap(value, field, path, context, errors) {
  if (!isObject(value)) return;
  for (const [lang, text] of Object.entries(value)) {
    if (!isText(text)) continue;
    const at = [...path, lang];
    if (context.languages.length && !context.languages.includes(lang)) {
      errors.push({ path: at, code: "unknown_language", params: { lang, languages: context.languages.join(", ") } });
      return;
    }
    if (!pyStrip(text)) {
      errors.push({ path: at, code: "empty_text", params: { lang } });
      return;
    }
    const problem = textProblem(text, ONE_LINE.has(field), context.charNames || {}) || (!ONE_LINE.has(field) && markdownProblem(text, lang));
    if (problem) {
      errors.push({ path: at, ...problem });
      return;
    }
  }
  const limit = LIMITS[field];
  if (limit) {
    for (const [lang, text] of Object.entries(value)) {
      const length = isText(text) ? Array.from(pyStrip(text)).length : 0;
      if (length > limit) {
        errors.push({ path: [...path, lang], code: "too_long", params: { lang, num: length, max: limit } });
        return;
      }
    }
  }
}

/** Python's urllib.parse.urlsplit, as far as check_url looks: scheme, user name, password, host. */
export function urlParts(value) {
  const text = value.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "").replace(/[\t\r\n]/g, "");
  let rest = text;
  let scheme = "";
  const colon = text.indexOf(":");
  if (colon > 0 && SCHEME.test(text.slice(0, colon))) {
    scheme = text.slice(0, colon).toLowerCase();
    rest = text.slice(colon + 1);
  }
  let netloc = "";
  if (rest.startsWith("//")) {
    const body = rest.slice(2);
    const end = body.search(/[/?#]/);
    netloc = end < 0 ? body : body.slice(0, end);
  }
  const at = netloc.lastIndexOf("@");
  const userinfo = at < 0 ? "" : netloc.slice(0, at);
  const hostinfo = at < 0 ? netloc : netloc.slice(at + 1);
  const [username, ...password] = userinfo.split(":");
  let hostname = hostinfo;
  if (hostname.startsWith("[")) hostname = hostname.slice(1, hostname.indexOf("]") < 0 ? undefined : hostname.indexOf("]"));
  else hostname = hostname.split(":")[0];
  return { scheme, username, password: password.join(":"), hostname: hostname.toLowerCase() };
}

/** check_url: an allowed scheme, no user name or password, a real host name, no blanks. */
export function urlProblem(value, schemes = ["https", "http"]) {
  const parts = urlParts(value);
  const shown = Array.from(value).slice(0, 60).join("");
  if (!schemes.includes(parts.scheme)) {
    return { code: "url_scheme", params: { value: shown, schemes: schemes.map((s) => `${s}://`).join(" or ") } };
  }
  if (parts.username || parts.password) return { code: "url_credentials", params: {} };
  if (!HOST.test(parts.hostname) || /\s/u.test(value) || value.includes('"') || value.includes("<")) {
    return { code: "url", params: { value: shown } };
  }
  return null;
}

/** An IANA time-zone name the browser knows, spelt as the zone database spells it. */
export function isTimeZone(value) {
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
    return resolved.toLowerCase() !== value.toLowerCase() || resolved === value;
  } catch {
    return false;
  }
}

function seconds(time) {
  const [h, m, s = "0"] = time.split(":");
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

const hhmm = (time) => time.slice(0, 5);

function checkMeeting(meeting, path, context, errors) {
  if (!isObject(meeting)) return;
  const at = (key) => [...path, key];
  if (isText(meeting.timezone) && !isTimeZone(meeting.timezone)) {
    errors.push({ path: at("timezone"), code: "timezone", params: { value: meeting.timezone } });
  }
  if (isText(meeting.start) && isText(meeting.end) && isTime(meeting.start) && isTime(meeting.end)) {
    // An earlier end is the next day (23:30-00:30); an end at the start is a typo (model.py: TimeRange).
    if (seconds(meeting.end) === seconds(meeting.start)) {
      errors.push({ path: at("end"), code: "end_at_start", params: { end: hhmm(meeting.end), start: hhmm(meeting.start) } });
    }
  }
  if (meeting.repeat === "monthly") {
    const has = (key) => meeting[key] !== undefined && meeting[key] !== null;
    const byWeekday = has("weeks") || has("days");
    if (byWeekday === has("day_of_month")) {
      errors.push({ path: at("repeat"), code: "monthly_rule", params: {} });
    } else if (byWeekday && !(Array.isArray(meeting.weeks) && meeting.weeks.length && Array.isArray(meeting.days) && meeting.days.length)) {
      errors.push({ path: at("repeat"), code: "monthly_both", params: {} });
    } else {
      const weeks = Array.isArray(meeting.weeks) ? meeting.weeks : [];
      const rare = weeks.includes(5) || (typeof meeting.day_of_month === "number" && meeting.day_of_month > 28);
      if (rare && meeting.skip_short_months !== true) {
        errors.push({ path: at(weeks.length ? "weeks" : "day_of_month"), code: "short_months", params: {} });
      }
    }
  }
  for (const key of ["first_date", "last_date"]) {
    const problem = dateProblem(meeting[key]);
    if (problem) errors.push({ path: at(key), ...problem });
  }
  if (Array.isArray(meeting.days)) {
    meeting.days.forEach((day, index) => {
      if (meeting.days.slice(0, index).includes(day)) errors.push({ path: [...at("days"), index], code: "listed_twice", params: { key: day } });
    });
  }
  if (meeting.repeat === "cohort" && isText(meeting.first_date) && isText(meeting.last_date)) {
    if (isDate(meeting.first_date) && isDate(meeting.last_date) && meeting.last_date < meeting.first_date) {
      errors.push({ path: at("last_date"), code: "dates_order", params: {} });
    } else if (isDate(meeting.first_date) && isDate(meeting.last_date) && dayNumber(meeting.last_date) - dayNumber(meeting.first_date) > MAX_COURSE_DAYS) {
      errors.push({ path: at("last_date"), code: "course_length", params: {} });
    }
  }
  if (meeting.note !== undefined) checkTextMap(meeting.note, "note", at("note"), { ...context }, errors);
}

function checkKeys(data, field, vocabulary, context, errors) {
  const list = data[field];
  if (!Array.isArray(list)) return;
  list.forEach((key, index) => {
    if (list.slice(0, index).includes(key)) {
      errors.push({ path: [field, index], code: "listed_twice", params: { key } });
    }
  });
  const known = vocabulary && context.taxonomy ? context.taxonomy[vocabulary] : null;
  if (!known) return;
  list.forEach((key, index) => {
    if (isText(key) && !known.includes(key)) {
      const choices = [...known].sort().join(", ");
      errors.push({ path: [field, index], code: "vocabulary", params: { key, vocabulary, choices } });
    }
  });
}

/**
 * Every rule of the model that the schema does not express.
 * context: { languages, taxonomy: {topics, audience, cities}, phoneRegion, geoBounds, today, charNames }
 */
export function ruleErrors(data, context) {
  const errors = [];
  if (!isObject(data)) return errors;
  for (const field of [...ONE_LINE, ...MULTI_LINE]) {
    const [head, tail] = field.split(".");
    const value = tail ? (isObject(data[head]) ? data[head][tail] : undefined) : data[head];
    if (value !== undefined) checkTextMap(value, tail || head, tail ? [head, tail] : [head], context, errors);
  }
  checkKeys(data, "topics", "topics", context, errors);
  checkKeys(data, "audience", "audience", context, errors);
  checkKeys(data, "languages", null, context, errors);
  if (Array.isArray(data.schedule)) data.schedule.forEach((meeting, i) => checkMeeting(meeting, ["schedule", i], context, errors));

  const location = data.location;
  if (isObject(location)) {
    const cities = context.taxonomy && context.taxonomy.cities;
    if (isText(location.city) && cities && !cities.includes(location.city)) {
      const choices = [...cities].sort().join(", ");
      errors.push({ path: ["location", "city"], code: "vocabulary", params: { key: location.city, vocabulary: "cities", choices } });
    }
    const geo = location.geo;
    if (Array.isArray(geo) && geo.length === 2 && geo.every((n) => typeof n === "number") && context.geoBounds) {
      const [south, north, west, east] = context.geoBounds;
      if (!(south <= geo[0] && geo[0] <= north && west <= geo[1] && geo[1] <= east)) {
        errors.push({ path: ["location", "geo"], code: "geo_bounds", params: { lat: geo[0], lon: geo[1] } });
      }
    }
  }
  const online = data.online;
  if (isObject(online) && isText(online.join_url)) {
    const problem = urlProblem(online.join_url, ["https"]);
    if (problem) errors.push({ path: ["online", "join_url"], ...problem });
  }
  const contact = data.contact;
  if (isObject(contact)) {
    for (const key of ["phone", "whatsapp"]) {
      if (isText(contact[key])) {
        const code = phoneProblem(contact[key], context.phoneRegion || "IL");
        if (code) errors.push({ path: ["contact", key], code, params: phoneParams(contact[key], context.phoneRegion || "IL") });
      }
    }
    if (isText(contact.email) && !EMAIL.test(contact.email)) {
      errors.push({ path: ["contact", "email"], code: "email", params: { value: contact.email } });
    }
    if (isText(contact.website)) {
      const problem = urlProblem(contact.website);
      if (problem) errors.push({ path: ["contact", "website"], ...problem });
    }
    if (!["phone", "whatsapp", "email", "website"].some((key) => contact[key])) {
      errors.push({ path: ["contact"], code: "no_contact", params: {} });
    }
  }
  for (const key of ["verified", "listed", "paused_until", "planned_start"]) {
    const problem = dateProblem(data[key]);
    if (problem) errors.push({ path: [key], ...problem });
  }
  if (isText(data.verified) && isDate(data.verified) && context.today && data.verified > context.today) {
    errors.push({ path: ["verified"], code: "future_date", params: { value: data.verified } });
  }
  if (isText(data.listed) && isDate(data.listed) && context.today && data.listed > context.today) {
    errors.push({ path: ["listed"], code: "future_listed", params: { value: data.listed } });
  }
  // model.py `_consistency`: rules between fields, checked on the raw data.
  const empty = (value) => value === undefined || value === null || value === false || value === "" ||
    (isObject(value) && !Object.keys(value).length) || (Array.isArray(value) && !value.length);
  if ((data.attendance === "in-person" || data.attendance === "hybrid") && empty(data.location)) {
    errors.push({ path: ["attendance"], code: "needs_location", params: {} });
  }
  if ((data.attendance === "online" || data.attendance === "hybrid") && empty(data.online)) {
    errors.push({ path: ["attendance"], code: "needs_online", params: {} });
  }
  if (!empty(data.paused_until) && (data.status === undefined ? "active" : data.status) !== "paused") {
    errors.push({ path: ["paused_until"], code: "paused_until", params: {} });
  }
  // model.py `_forming_consistency`: a group being founded says whom it looks for; its fields need that status.
  const forming = data.status === "forming";
  if (forming && data.looking_for === undefined) {
    errors.push({ path: ["status"], code: "forming_looking_for", params: {} });
  }
  for (const key of ["looking_for", "planned_start", "how_to_join"]) {
    if (!forming && data[key] !== undefined && data[key] !== null) errors.push({ path: [key], code: "forming_only", params: {} });
  }
  return errors;
}
