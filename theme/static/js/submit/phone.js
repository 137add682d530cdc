// Phone numbers are checked as the validator checks them (phonenumbers, Google's libphonenumber in
// Python) with libphonenumber-js, the same library's metadata in JavaScript, vendored from npm under
// theme/static/vendor/libphonenumber-js/ (version 1.13.16, MIT, bundle/libphonenumber-max.js less its last line,
// a source-map comment; the "max" build checks the digits, not just the
// length). The file is a UMD bundle: loaded as a module it sets globalThis.libphonenumber.

import "../../vendor/libphonenumber-js/libphonenumber-max.js";

const KEYPAD = { a: 2, b: 2, c: 2, d: 3, e: 3, f: 3, g: 4, h: 4, i: 4, j: 5, k: 5, l: 5, m: 6, n: 6, o: 6, p: 7, q: 7, r: 7, s: 7, t: 8, u: 8, v: 8, w: 9, x: 9, y: 9, z: 9 };

/** Vanity numbers (1-800-FLOWERS): like phonenumbers, letters become keypad digits when there are 3 or more. */
function keypad(text) {
  const letters = (text.match(/[A-Za-z]/g) || []).length;
  const digits = (text.match(/[0-9]/g) || []).length;
  if (letters < 3 || digits < 3) return text;
  return text.replace(/[A-Za-z]/g, (char) => String(KEYPAD[char.toLowerCase()]));
}

/** null for a valid number; else "phone_parse" (not a phone number at all) or "phone_invalid" (wrong digits). */
export function phoneProblem(value, region) {
  const lib = globalThis.libphonenumber;
  if (!lib) throw new Error("libphonenumber-js is not loaded");
  const parsed = lib.parsePhoneNumberFromString(keypad(value), region);
  if (!parsed) return "phone_parse";
  return parsed.isValid() ? null : "phone_invalid";
}
