// The JavaScript half of the analysis parity test (run by tests/parity/test_search_analysis.py, or directly:
// `node --test tests/parity/test_search_analysis.mjs`): theme/static/js/analysis.js must give exactly the
// words, terms and typing prefixes that plugins/search_index/analysis.py wrote into the vectors.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

import * as analysis from "../../theme/static/js/analysis.js";

const require = createRequire(import.meta.url);
const lunr = require("../../theme/static/vendor/lunr/lunr.min.js");
analysis.register(lunr);
// The Russian stemmer is loaded on demand, as the search page loads it (theme/static/vendor/snowball/).
await analysis.loadStemmers("", ["ru"]);

const { vectors } = JSON.parse(readFileSync(new URL("./vectors/analysis.json", import.meta.url), "utf8"));

test("the vector file is large enough", () => {
  assert.ok(vectors.length >= 300);
});

test("words, terms and prefixes match the Python half", () => {
  const wrong = [];
  for (const vector of vectors) {
    const words = analysis.words(vector.input);
    const got = { words, terms: analysis.analyse(vector.input), prefixes: words.map(analysis.prefixes) };
    for (const key of ["words", "terms", "prefixes"]) {
      if (JSON.stringify(got[key]) !== JSON.stringify(vector[key])) wrong.push({ input: vector.input, key, got: got[key], want: vector[key] });
    }
  }
  assert.deepEqual(wrong, []);
});

test("the pipeline runs under the names lunr.py serialised", () => {
  const pipeline = lunr.Pipeline.load(analysis.PIPELINE);
  assert.deepEqual(pipeline.runString("ובירושלים"), analysis.terms(analysis.words("ובירושלים")[0]));
  assert.deepEqual(pipeline.runString("والمساعدة"), analysis.analyse("والمساعدة")[0]);
  assert.deepEqual(pipeline.runString("Meetings"), ["meet"]);
  assert.deepEqual(pipeline.runString("Зависимостью"), ["зависимостью", "зависим"]);
});

test("no input throws", () => {
  for (const input of ['"', "*", ":", "~", "+", "-", "   ", "x".repeat(500), "\u0000", "\ud800", "^2 name:x -y +z"]) {
    assert.doesNotThrow(() => analysis.analyse(input));
  }
});
