// A group's data checked as `invoke validate` checks a file: the published JSON Schema (schema.js), then
// the model's own rules (rules.js). Every error names its message in plugins/submit_form/messages.py
// (VALIDATOR): the schema's keywords are explained as directory/files/reader.py explains pydantic's errors.

import { SchemaValidator } from "./schema.js";
import { ruleErrors } from "./rules.js";

const TYPE_CODES = {
  string: "string_type",
  boolean: "bool_type",
  integer: "int_type",
  number: "float_type",
  array: "list_type",
  object: "model_type",
};

const shown = (value) => (typeof value === "string" || typeof value === "number" ? value : "");

/** A schema error as the validator would word it: { path, code, params }. */
export function explain(error) {
  const { path, params } = error;
  const value = shown(params.value);
  switch (error.code) {
    case "type": {
      const wanted = params.expected.filter((type) => type !== "null");
      return { path, code: TYPE_CODES[wanted[0]] || "model_type", params: { value } };
    }
    case "const":
    case "enum":
      return { path, code: "literal", params: { value, expected: params.expected.join(", ") } };
    case "required":
      return { path, code: "missing", params: {} };
    case "additionalProperties":
      return { path, code: "extra", params: {} };
    case "minProperties":
      return { path, code: "no_language", params: {} };
    case "minItems":
      return { path, code: "too_short", params: {} };
    case "maxItems":
      return { path, code: "too_many", params: { max_length: params.limit } };
    case "maxLength":
      // name and summary: the limit of each language, as the model words it.
      if (path.length === 2 && ["name", "summary"].includes(path[0])) {
        return { path, code: "too_long", params: { lang: path[1], num: params.length, max: params.limit } };
      }
      return { path, code: "string_too_long", params: { max_length: params.limit } };
    case "pattern":
      if (params.pattern.includes("a-z]{2,3}")) return { path, code: "language_pattern", params: { value } };
      if (params.pattern.startsWith("^http")) {
        const schemes = params.pattern.includes("https?") ? "https:// or http://" : "https://";
        return { path, code: "url_scheme", params: { value: Array.from(String(value)).slice(0, 60).join(""), schemes } };
      }
      return { path, code: "pattern", params: { value } };
    case "format":
      return { path, code: { date: "date", time: "time", email: "email", uri: "url" }[params.format] || "pattern", params: { value } };
    case "minimum":
      return { path, code: "ge", params: { ge: params.limit } };
    case "maximum":
      return { path, code: "le", params: { le: params.limit } };
    case "union_tag_not_found":
    case "union_tag_invalid":
      return { path, code: error.code, params: { value, expected: params.expected.join(", ") } };
    default:
      return { path, code: "model_type", params: { value } };
  }
}

export const pathKey = (path) => path.join(".");

/**
 * Every problem of a group's data: schema first, then the model's rules; one per field (the first),
 * as the validator reports a field once.
 */
export function validateGroup(data, validator, context) {
  const found = [...validator.validate(data).map(explain), ...ruleErrors(data, context)];
  const seen = new Set();
  return found.filter((error) => {
    const key = pathKey(error.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { SchemaValidator };
