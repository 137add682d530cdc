// The JavaScript half of the form's parity tests (tests/parity/test_submit_canonical.py and
// tests/parity/test_submit_schema.py run it): reads a JSON request from the file named on the command line,
// runs the form's own modules from theme/static/js/submit/ over each case and prints the results as JSON.
//
//   {"mode": "dump", "languages": [...], "cases": [data, ...]}          -> [{"text"} | {"error"}, ...]
//   {"mode": "schema", "schema": {...}, "cases": [data, ...]}           -> [[{"path", "code"}, ...], ...]
//   {"mode": "validate", "schema", "context", "cases": [data, ...]}     -> [[{"path", "code", "params"}], ...]
//   {"mode": "layout"}                                                  -> canonical.js's key orders

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// The vendored UMD bundle sets globalThis.libphonenumber in a browser; node loads it as CommonJS.
globalThis.libphonenumber = require("../../theme/static/vendor/libphonenumber-js/libphonenumber-max.js");

const canonical = await import("../../theme/static/js/submit/canonical.js");
const { SchemaValidator } = await import("../../theme/static/js/submit/schema.js");
const { validateGroup } = await import("../../theme/static/js/submit/validate.js");

const request = JSON.parse(readFileSync(process.argv[2], "utf8"));

function dotted(path) {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text ? `.${part}` : String(part);
  return text;
}

function layout(shape) {
  if (shape === canonical.TEXT) return "text";
  if (shape && shape.kinds) return { kinds: Object.fromEntries(Object.entries(shape.kinds).map(([k, v]) => [k, layout(v)])) };
  return { order: shape.order, children: Object.fromEntries(Object.entries(shape.children || {}).map(([k, v]) => [k, layout(v)])) };
}

let result;
if (request.mode === "dump") {
  result = request.cases.map((data) => {
    try {
      return { text: canonical.layoutText(data, request.languages) };
    } catch (error) {
      return { error: String(error) };
    }
  });
} else if (request.mode === "schema") {
  const validator = new SchemaValidator(request.schema);
  result = request.cases.map((data) => validator.validate(data).map((e) => ({ path: dotted(e.path), code: e.code })));
} else if (request.mode === "validate") {
  const validator = new SchemaValidator(request.schema);
  result = request.cases.map((data) =>
    validateGroup(data, validator, request.context).map((e) => ({ path: dotted(e.path), code: e.code, params: e.params })),
  );
} else if (request.mode === "layout") {
  result = layout(canonical.LAYOUT);
} else {
  throw new Error(`unknown mode ${request.mode}`);
}
process.stdout.write(JSON.stringify(result));
