// A small JSON Schema (2020-12) interpreter for the keywords our generated group schema uses, so the
// browser checks a group against the very schema the build publishes (schema/group.schema.json), with no
// code generation (the site's policy forbids eval and new Function, which Ajv needs).
//
// Supported: $ref (local "#/..." pointers) and $defs, type, const, enum, properties, required,
// additionalProperties, patternProperties, propertyNames, minProperties, maxProperties, items,
// prefixItems, minItems, maxItems, uniqueItems, minLength, maxLength, pattern, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, allOf, anyOf, oneOf (with OpenAPI's `discriminator`, which
// pydantic writes for the schedule, used to report the errors of the meeting's own kind), not,
// if/then/else (a group being founded needs no schedule), and
// format: date, time, email and uri, which mean what the model accepts:
//   date   YYYY-MM-DD, a real calendar day;
//   time   HH:MM or HH:MM:SS (24-hour, optional fraction of a second);
//   email  directory/checks.py's EMAIL;
//   uri    a scheme, a colon and no blanks or characters a URI never holds.
// Annotations (title, description, default, examples) are ignored; an unknown keyword is ignored, and an
// unknown format passes, as the specification says. tests/parity/test_submit_schema.py holds this module to
// Python's jsonschema (given the same four formats) on every sample group and every invalid fixture.
//
// validate(instance) returns a list of errors { path: [...], code, params }, where code is the keyword
// (or "union_tag_not_found" / "union_tag_invalid" for a meeting without a known `repeat`), and path is the
// place in the instance ("required" points at the missing key itself).

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/u;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/; // HH:MM only, as the model reads times

/** Is YYYY-MM-DD a real calendar day? */
export function isDate(text) {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days && year >= 1;
}

/** Is the text a meeting time, HH:MM or HH:MM:SS? */
export function isTime(text) {
  return TIME.test(text);
}

export const FORMATS = {
  date: isDate,
  time: isTime,
  email: (text) => EMAIL.test(text),
  uri: (text) => URI.test(text),
};

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function typeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function hasType(type, value) {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

/** JSON equality: 1 equals 1.0, true never equals 1, key order does not matter. */
export function equal(a, b) {
  if (typeOf(a) === "integer" || typeOf(a) === "number") return typeof b === "number" && a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return a === b;
}

function length(text) {
  let count = 0;
  for (const _ of text) count += 1; // code points, as JSON Schema and Python count
  return count;
}

export class SchemaValidator {
  /** @param {object} root the whole schema document (its "$defs" are where "$ref"s point) */
  constructor(root) {
    this.root = root;
    this.patterns = new Map();
  }

  /** Every error of `instance` against the root schema. */
  validate(instance) {
    const errors = [];
    this.check(this.root, instance, [], errors);
    return errors;
  }

  /** True when `instance` is valid against `schema` (a part of the root). */
  isValid(schema, instance) {
    const errors = [];
    this.check(schema, instance, [], errors);
    return errors.length === 0;
  }

  resolve(ref) {
    if (!ref.startsWith("#")) throw new Error(`only local references are supported: ${ref}`);
    let node = this.root;
    for (const raw of ref.slice(1).split("/").filter(Boolean)) {
      const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (node === null || typeof node !== "object" || !(part in node)) throw new Error(`no ${ref} in the schema`);
      node = node[part];
    }
    return node;
  }

  regex(pattern) {
    if (!this.patterns.has(pattern)) this.patterns.set(pattern, new RegExp(pattern, "u"));
    return this.patterns.get(pattern);
  }

  check(schema, value, path, errors) {
    if (schema === true) return;
    if (schema === false) {
      errors.push({ path, code: "false", params: {} });
      return;
    }
    const push = (code, params = {}, at = path) => errors.push({ path: at, code, params: { value, ...params } });
    if (schema.$ref !== undefined) this.check(this.resolve(schema.$ref), value, path, errors);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((type) => hasType(type, value))) {
        push("type", { expected: types });
        return; // every other keyword is about a value of the right type
      }
    }
    if (schema.const !== undefined && !equal(schema.const, value)) push("const", { expected: [schema.const] });
    if (schema.enum !== undefined && !schema.enum.some((item) => equal(item, value))) push("enum", { expected: schema.enum });
    if (typeof value === "string") this.checkString(schema, value, push);
    if (typeof value === "number") this.checkNumber(schema, value, push);
    if (Array.isArray(value)) this.checkArray(schema, value, path, errors, push);
    if (isObject(value)) this.checkObject(schema, value, path, errors, push);
    if (schema.allOf) for (const part of schema.allOf) this.check(part, value, path, errors);
    if (schema.anyOf) this.checkAnyOf(schema.anyOf, value, path, errors, push);
    if (schema.oneOf) this.checkOneOf(schema, value, path, errors, push);
    if (schema.not !== undefined && this.isValid(schema.not, value)) push("not");
    if (schema.if !== undefined) {
      const branch = this.isValid(schema.if, value) ? schema.then : schema.else;
      if (branch !== undefined) this.check(branch, value, path, errors);
    }
  }

  checkString(schema, value, push) {
    if (schema.minLength !== undefined && length(value) < schema.minLength) push("minLength", { limit: schema.minLength });
    if (schema.maxLength !== undefined && length(value) > schema.maxLength) {
      push("maxLength", { limit: schema.maxLength, length: length(value) });
    }
    if (schema.pattern !== undefined && !this.regex(schema.pattern).test(value)) push("pattern", { pattern: schema.pattern });
    if (schema.format !== undefined && FORMATS[schema.format] && !FORMATS[schema.format](value)) {
      push("format", { format: schema.format });
    }
  }

  checkNumber(schema, value, push) {
    if (schema.minimum !== undefined && value < schema.minimum) push("minimum", { limit: schema.minimum });
    if (schema.maximum !== undefined && value > schema.maximum) push("maximum", { limit: schema.maximum });
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) push("exclusiveMinimum", { limit: schema.exclusiveMinimum });
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) push("exclusiveMaximum", { limit: schema.exclusiveMaximum });
  }

  checkArray(schema, value, path, errors, push) {
    if (schema.minItems !== undefined && value.length < schema.minItems) push("minItems", { limit: schema.minItems });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) push("maxItems", { limit: schema.maxItems });
    if (schema.uniqueItems && value.some((item, i) => value.slice(0, i).some((other) => equal(item, other)))) push("uniqueItems");
    const prefix = schema.prefixItems || [];
    value.forEach((item, i) => {
      if (i < prefix.length) this.check(prefix[i], item, [...path, i], errors);
      else if (schema.items !== undefined) this.check(schema.items, item, [...path, i], errors);
    });
  }

  checkObject(schema, value, path, errors, push) {
    const keys = Object.keys(value);
    for (const key of schema.required || []) if (!(key in value)) push("required", {}, [...path, key]);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) push("minProperties", { limit: schema.minProperties });
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) push("maxProperties", { limit: schema.maxProperties });
    const properties = schema.properties || {};
    const patterns = Object.entries(schema.patternProperties || {});
    for (const key of keys) {
      const at = [...path, key];
      let known = false;
      if (Object.hasOwn(properties, key)) {
        known = true;
        this.check(properties[key], value[key], at, errors);
      }
      for (const [pattern, sub] of patterns) {
        if (this.regex(pattern).test(key)) {
          known = true;
          this.check(sub, value[key], at, errors);
        }
      }
      if (!known && schema.additionalProperties !== undefined) {
        if (schema.additionalProperties === false) errors.push({ path: at, code: "additionalProperties", params: { value: key } });
        else this.check(schema.additionalProperties, value[key], at, errors);
      }
      if (schema.propertyNames !== undefined) this.check(schema.propertyNames, key, at, errors);
    }
  }

  /** The errors of each branch; [] for a branch the value satisfies. */
  branches(schemas, value, path) {
    return schemas.map((schema) => {
      const found = [];
      this.check(schema, value, path, found);
      return found;
    });
  }

  /** When no branch fits: the errors of the branch that got furthest (its errors lie deepest, then fewest). */
  reportBest(results, path, errors, push) {
    const depth = (found) => Math.max(...found.map((e) => e.path.length));
    const typed = results.filter((found) => !(found.length === 1 && found[0].code === "type" && found[0].path.length === path.length));
    if (!typed.length) {
      push("type", { expected: [...new Set(results.flatMap((found) => found[0].params.expected))] });
      return;
    }
    typed.sort((a, b) => depth(b) - depth(a) || a.length - b.length);
    errors.push(...typed[0]);
  }

  checkAnyOf(schemas, value, path, errors, push) {
    const results = this.branches(schemas, value, path);
    if (!results.some((found) => found.length === 0)) this.reportBest(results, path, errors, push);
  }

  checkOneOf(schema, value, path, errors, push) {
    const results = this.branches(schema.oneOf, value, path);
    const matches = results.filter((found) => found.length === 0).length;
    if (matches === 1) return;
    if (matches > 1) {
      push("oneOf", { matches });
      return;
    }
    const discriminator = schema.discriminator;
    if (discriminator && isObject(value)) {
      const name = discriminator.propertyName;
      const mapping = discriminator.mapping || {};
      const expected = Object.keys(mapping);
      if (!(name in value)) {
        push("union_tag_not_found", { expected }, [...path, name]);
        return;
      }
      const tag = value[name];
      if (typeof tag !== "string" || !Object.hasOwn(mapping, tag)) {
        errors.push({ path: [...path, name], code: "union_tag_invalid", params: { value: tag, expected } });
        return;
      }
      this.check(this.resolve(mapping[tag]), value, path, errors);
      return;
    }
    this.reportBest(results, path, errors, push);
  }
}
