// Phone numbers are checked as the validator checks them (phonenumbers, Google's libphonenumber in
// Python) with libphonenumber-js, the same library's metadata in JavaScript, vendored from npm under
// theme/static/vendor/libphonenumber-js/ (version 1.13.16, MIT, bundle/libphonenumber-max.js less its last line,
// a source-map comment; the "max" build checks the digits, not just the
// length). The file is a UMD bundle: loaded as a module it sets globalThis.libphonenumber.

import "../../vendor/libphonenumber-js/libphonenumber-max.js";

// The number types a group publishes for a visitor to call (checks.py: CALLABLE_PHONE_TYPES).
const CALLABLE = new Set(["FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE", "SHARED_COST", "VOIP", "UAN"]);

/** A value between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (checks.py: isolated). */
const isolated = (text) => `\u2068${text}\u2069`;

/**
 * null for a number a visitor can call; else the validator's code: "phone_parse" (not a phone number),
 * "phone_extension", "phone_letters" (letters are never read as keypad digits), "phone_invalid"
 * (wrong digits), "phone_premium" or "phone_type" (pager, voicemail, personal number).
 */
export function phoneProblem(value, region) {
  const lib = globalThis.libphonenumber;
  if (!lib) throw new Error("libphonenumber-js is not loaded");
  const parsed = lib.parsePhoneNumberFromString(value, region);
  if (parsed?.ext) return "phone_extension";
  if (/\p{L}/u.test(value)) return "phone_letters";
  if (!parsed) return "phone_parse";
  if (!parsed.isValid()) return "phone_invalid";
  const kind = parsed.getType();
  if (kind === "PREMIUM_RATE") return "phone_premium";
  return CALLABLE.has(kind) ? null : "phone_type";
}

/** The message parameters of a phone problem: the number (and its extension) isolated for RTL. */
export function phoneParams(value, region) {
  const parsed = globalThis.libphonenumber.parsePhoneNumberFromString(value, region);
  return { value: isolated(value), extension: isolated(parsed?.ext || "") };
}
