// The canonical layout of a group file: a port of directory/files/canonical.py (`layout_text`), whose
// module docstring states every rule. The form's file must be byte-identical to what `invoke fmt`
// writes for the same data; tests/parity/test_submit_canonical.py runs this module in node over every sample
// group and every vector in tests/parity/vectors/canonical/ and compares the text with Python's.
//
// One difference is unavoidable: JavaScript has one kind of number, so 32.0 and 32 are the same value.
// A whole number is written as an integer (as Python writes an int); any other number as Python's
// repr() writes a float (shortest round-trip digits, exponent below 1e-4 and from 1e16).

export const SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/group.schema.json";

const ALWAYS_QUOTED = new Set(["start", "end", "phone", "whatsapp"]);
const DATE_KEYS = new Set(["verified", "listed", "paused_until", "planned_start", "first_date", "last_date"]);
const KEY = /^[a-z][a-z0-9_-]*$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`");
const FLOW_UNSAFE = new Set(",[]{}:?");
const OTHER_TYPES = new Set(["~", "null", "y", "n", "yes", "no", "true", "false", "on", "off", "=", "<<"]);
const NUMBER_LIKE = /^[0-9a-fA-FxXoO+\-._:]*[0-9][0-9a-fA-FxXoO+\-._:]*$/;
const DATE_START = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
const SHORT_ESCAPES = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

// Python's re.IGNORECASE also matches these non-ASCII letters to i and k (İ ı and the Kelvin sign);
// "[-+]?.inf" and ".nan" hold an i, so they are spelt out rather than left to JavaScript's /i flag.
const CASE_I = "[iIİı]";
const SPECIAL_FLOAT = new RegExp(`^(?:[-+]?\\.${CASE_I}[nN][fF]|\\.[nN][aA][nN])$`, "u");

/** Rule 3: the key order of every kind of mapping; TEXT marks a language map. */
export const TEXT = "language map";
const MEETING_TIMES = ["start", "end", "timezone"];
const UNSCHEDULED = { order: ["repeat", "note"], children: { note: TEXT } };
export const LAYOUT = {
  order: [
    "name", "summary", "description", "topics", "audience", "facilitation", "facilitator", "organization",
    "languages", "attendance", "membership", "cost", "cost_note", "schedule", "location", "online", "contact",
    "verified", "listed", "status", "paused_until", "looking_for", "planned_start", "how_to_join",
  ],
  children: {
    name: TEXT,
    summary: TEXT,
    description: TEXT,
    facilitator: TEXT,
    organization: TEXT,
    cost_note: TEXT,
    how_to_join: TEXT,
    schedule: {
      kinds: {
        weekly: { order: ["repeat", "days", ...MEETING_TIMES], children: {} },
        biweekly: { order: ["repeat", "days", "first_date", ...MEETING_TIMES], children: {} },
        monthly: { order: ["repeat", "weeks", "days", "day_of_month", "skip_short_months", ...MEETING_TIMES], children: {} },
        cohort: { order: ["repeat", "days", "first_date", "last_date", "sessions", ...MEETING_TIMES], children: {} },
        "by-arrangement": UNSCHEDULED,
        ongoing: UNSCHEDULED,
      },
    },
    location: {
      order: ["city", "venue", "address", "directions", "geo", "wheelchair_accessible"],
      children: { venue: TEXT, address: TEXT, directions: TEXT },
    },
    online: { order: ["platform", "join_url", "note"], children: { note: TEXT } },
    contact: { order: ["phone", "whatsapp", "email", "website", "name"], children: { name: TEXT } },
  },
};

/** Code points of a string (lone surrogates stay single units, as in a Python str). */
function codePoints(text) {
  return Array.from(text, (char) => char.codePointAt(0));
}

/** A character written as an escape in double quotes (and never plain). */
function escaped(code) {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/** The text as a YAML double-quoted scalar with JSON-compatible escapes. */
export function quoted(text) {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0);
    if (char in SHORT_ESCAPES) out += SHORT_ESCAPES[char];
    else if (escaped(code)) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}

/** Python's str.lower() for the comparison with OTHER_TYPES (JavaScript's full lower-case mapping is the same). */
function lower(text) {
  return text.toLowerCase();
}

/** True when `text` can be written without quotes and read back as the same text (rule 6). */
export function isPlainSafe(text, flow = false) {
  if (!text || text[0] === " " || text[text.length - 1] === " ") return false;
  if (codePoints(text).some(escaped)) return false;
  if (INDICATORS.has(text[0]) || text.includes(": ") || text.includes(" #") || text.endsWith(":")) return false;
  if (flow && Array.from(text).some((char) => FLOW_UNSAFE.has(char))) return false;
  return !(OTHER_TYPES.has(lower(text)) || SPECIAL_FLOAT.test(text) || NUMBER_LIKE.test(text) || DATE_START.test(text));
}

/** True when a multi-line text can be written as a `|-` literal block and read back unchanged. */
export function literalOk(text) {
  if (!text.includes("\n")) return false;
  const lines = text.split("\n");
  if (!lines[0] || lines[0][0] === " " || !lines[lines.length - 1]) return false;
  return !lines.some((line) => line.endsWith(" ") || codePoints(line).some(escaped));
}

/** A number as Python writes it: int as is, float as repr() (shortest digits, 'e' outside 1e-4 … 1e16). */
export function number(value, key) {
  if (!Number.isFinite(value)) throw new RangeError(`${key || "a value"}: ${value} is not a finite number`);
  if (Number.isInteger(value) && !Object.is(value, -0)) return String(value);
  const [mantissa, exp] = value.toExponential().split("e");
  const exponent = Number(exp);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const power = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    return `${sign}${body}e${power}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1) || "0";
  return `${sign}${whole}.${fraction}`;
}

/** One scalar value as YAML text; `key` selects the per-field rules (times, phones, dates). */
export function scalar(value, key = null, flow = false) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return number(value, key);
  if (typeof value === "string") {
    if (ALWAYS_QUOTED.has(key)) return quoted(value);
    if (DATE_KEYS.has(key) && DATE.test(value)) return value;
    return isPlainSafe(value, flow) ? value : quoted(value);
  }
  throw new TypeError(`${key || "a value"}: cannot write a ${typeof value}`);
}

function isMapping(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function orderedKeys(data, shape, languages) {
  const keys = Object.keys(data);
  if (shape === TEXT) {
    const others = keys.filter((k) => !languages.includes(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return [...languages.filter((lang) => keys.includes(lang)), ...others];
  }
  if (!shape || !shape.order) throw new TypeError(`unexpected mapping with keys ${keys.join(", ")}`);
  const unknown = keys.filter((key) => !shape.order.includes(key));
  if (unknown.length) throw new RangeError(`unknown key ${unknown.join(", ")}`);
  return shape.order.filter((key) => keys.includes(key));
}

function mapping(data, shape, indent, languages) {
  const lines = [];
  for (const key of orderedKeys(data, shape, languages)) {
    const value = data[key];
    if (value === null || value === undefined) continue;
    const child = shape !== TEXT && shape.children ? shape.children[key] : undefined;
    lines.push(...entry(key, value, child, indent, languages));
  }
  return lines;
}

function entry(key, value, shape, indent, languages) {
  if (typeof key !== "string" || !KEY.test(key)) throw new RangeError(`${JSON.stringify(key)} is not a key a group file can have`);
  const pad = " ".repeat(indent);
  const head = `${pad}${key}:`;
  if (isMapping(value)) {
    return Object.keys(value).length ? [head, ...mapping(value, shape, indent + 2, languages)] : [`${head} {}`];
  }
  if (Array.isArray(value)) {
    if (value.length && value.every(isMapping)) {
      const lines = [head];
      for (const item of value) {
        const kind = shape && shape.kinds ? shape.kinds[item.repeat] : shape;
        let body = mapping(item, kind, indent + 4, languages);
        if (!body.length) body = [`${" ".repeat(indent + 4)}{}`];
        lines.push(`${" ".repeat(indent + 2)}- ${body[0].slice(indent + 4)}`, ...body.slice(1));
      }
      return lines;
    }
    if (value.some((item) => item !== null && typeof item === "object")) {
      throw new RangeError(`${key}: a list mixes mappings or lists with other values`);
    }
    return [`${head} [${value.map((item) => scalar(item, null, true)).join(", ")}]`];
  }
  if (typeof value === "string" && literalOk(value)) {
    const inner = " ".repeat(indent + 2);
    return [`${head} |-`, ...value.split("\n").map((line) => (line ? `${inner}${line}` : ""))];
  }
  return [`${head} ${scalar(value, key)}`];
}

/** The canonical text of a group's data (plain JSON values), which the caller has validated. */
export function layoutText(data, languages) {
  if (!isMapping(data)) throw new TypeError("a group is a mapping of field: value");
  if ("slug" in data) throw new RangeError("slug: is taken from the file name; remove it");
  return `${[SCHEMA_LINE, ...mapping(data, LAYOUT, 0, languages)].join("\n")}\n`;
}
