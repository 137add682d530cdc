// Text analysis for search in Hebrew, Arabic, English and Russian: the query-time half.
// The index-time half is plugins/search_index/analysis.py; the two are one algorithm written twice,
// registered in lunr.py and lunr.js under the same names (PIPELINE), and checked against the same
// expected output in tests/parity/vectors/analysis.json (tests/parity/test_search_analysis.py runs both).
// See the Python module's docstring for the rules.

export const MAX_WORD = 40;
export const MIN_STEM = 3;
export const MIN_PREFIX = 3;
export const PIPELINE = ["sg-normalise", "sg-terms"];

const FOLD = new Map([
  ..."ךםןףץ".split("").map((c, i) => [c, "כמנפצ"[i]]),
  ["\u05F0", "וו"],
  ["\u05F1", "וי"],
  ["\u05F2", "יי"],
  ["\u0640", ""], // tatweel
  ["\u0671", "ا"], // alef wasla
  ["\u0649", "ي"], // alef maqsura
  ["\u0629", "ه"], // ta marbuta
  ["\u06CC", "ي"], // Persian yeh
  ["\u06A9", "ك"], // keheh
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0x0660 + d), String(d)]),
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0x06f0 + d), String(d)]),
  ..."'\"`׳״‘’‚‛“”„‟ʼʻ′″".split("").map((c) => [c, "'"]),
]);
const FOLDED = new RegExp(`[${[...FOLD.keys()].map((c) => c.replace(/[\\\]^-]/g, "\\$&")).join("")}]`, "g");
const MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const HEBREW = /^[\u05d0-\u05ea]/;
const ARABIC = /^[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9]/;
const LATIN = /^[a-z]+$/;
const CYRILLIC = /^[\u0430-\u044f]+$/;
// й decomposes to и + combining breve; it is put back before the marks go (see normalise).
const SHORT_I = /\u0438\u0306/g;

const STOP_HE = `של את עמ על או גמ כל זה זו זאת אמ כי לא יש אינ הוא היא המ הנ אני אנחנו אתמ מה מי כמו אל עד
    בינ רק כבר אשר לכמ לו לה להמ בו בה בהמ אותו אותה אותמ ו ה ב כ ל מ ש`;
const STOP_AR = `في منه من علي الي عن مع او و ثم هذا هذه ذلك تلك التي الذي الذين هو هي هم انت انا نحن كل قد لا
    ما لم لن ان كان كانت يكون بعد قبل عند حتي بين غير اي ب ل ك ف يا`;
const STOP_EN = `a an and are as at be been but by do does for from had has have he her his i if in into is it
    its me my no not of on or our she so than that the their them then there these they this those
    to us was we were what when which who will with you your`;
const STOP_RU = `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о об из ему ли если или ни быть был была до для при без под над через
    это этот эта эти там тут где когда кто чем чтобы мы они их ей им вас нас`;
export const STOPWORDS = new Set([STOP_HE, STOP_AR, STOP_EN, STOP_RU].flatMap((text) => text.split(/\s+/).filter(Boolean)));

function hebrewPrefixes() {
  const found = new Set();
  for (const conj of ["", "ו"])
    for (const rel of ["", "ש", "כש", "מש", "לכש"])
      for (const prep of ["", "ב", "כ", "ל", "מ"])
        for (const article of ["", "ה"]) {
          if (article && ["ב", "כ", "ל"].includes(prep)) continue;
          const stack = conj + rel + prep + article;
          if (stack) found.add(stack);
        }
  return [...found].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

export const HEBREW_PREFIXES = hebrewPrefixes();
// Each ending with the letters a stem must keep: ויות longer, as a shorter stem is a noun in יה (חוויות).
const HEBREW_SUFFIXES = [["ויות", 4], ["ימ", MIN_STEM], ["ות", MIN_STEM], ["ה", MIN_STEM]];
const ARABIC_ARTICLES = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
const ARABIC_SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
const ARABIC_CLITICS = ["وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل"];
const ARABIC_TYPING = ["وال", "بال", "كال", "فال", "لل", "ال", ...ARABIC_CLITICS];

/** Length in code points, as Python counts. */
const size = (text) => {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
};

/** The text folded for matching. */
export function normalise(text) {
  return String(text)
    .normalize("NFKD")
    .toLowerCase()
    .replace(SHORT_I, "\u0439")
    .replace(MARKS, "")
    .replace(FOLDED, (c) => FOLD.get(c));
}

/** The words of a text, normalised; apostrophes inside a word are dropped. */
export function words(text) {
  return (normalise(text).match(WORD) || []).map((w) => Array.from(w.replaceAll("'", "")).slice(0, MAX_WORD).join(""));
}

/** "he", "ar", "en" (plain Latin letters), "ru" (Russian letters) or "" (anything else). */
export function script(word) {
  if (HEBREW.test(word)) return "he";
  if (ARABIC.test(word)) return "ar";
  if (LATIN.test(word)) return "en";
  if (CYRILLIC.test(word)) return "ru";
  return "";
}

const unique = (items) => [...new Set(items.filter(Boolean))];

/** The word and its forms without prefix letters; a form too short to lose its ending was cut too deep. */
export function hebrewVariants(word, shortest = MIN_STEM) {
  const rests = HEBREW_PREFIXES.filter((p) => word.startsWith(p) && size(word) - p.length >= shortest).map((p) => word.slice(p.length));
  return unique([word, ...rests.filter((rest) => !cutTooDeep(rest))]);
}

const cutTooDeep = (rest) => hebrewSuffix(rest) === rest && HEBREW_SUFFIXES.some(([suffix]) => rest.endsWith(suffix));

export function hebrewSuffix(word) {
  for (const [suffix, keep] of HEBREW_SUFFIXES) {
    if (word.endsWith(suffix) && size(word) - suffix.length >= keep) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Lucene's ArabicStemmer: one article prefix, then each suffix in turn, keeping 3 letters. */
export function light10(word) {
  for (const prefix of ARABIC_ARTICLES) {
    const shortest = prefix.length === 1 ? 4 : prefix.length + MIN_STEM;
    if (size(word) >= shortest && word.startsWith(prefix)) {
      word = word.slice(prefix.length);
      break;
    }
  }
  for (const suffix of ARABIC_SUFFIXES) {
    if (size(word) >= suffix.length + MIN_STEM && word.endsWith(suffix)) word = word.slice(0, -suffix.length);
  }
  return word;
}

let stemEnglish = null;
const cache = new Map();
// Stemmers of scripts whose code is loaded only when needed: script → module (relative to this one).
// The module exports stem(word); loadStemmers fetches it before such words are analysed.
const STEMMER_MODULES = { ru: "../vendor/snowball/russian.js" };
const stemmers = {};

/** Load the stemmers the words of `text` (or the scripts named in `scripts`) need; resolves when ready. */
export async function loadStemmers(text = "", scripts = []) {
  const wanted = new Set([...scripts, ...words(text).map(script)]);
  const missing = [...wanted].filter((kind) => STEMMER_MODULES[kind] && !stemmers[kind]);
  await Promise.all(
    missing.map(async (kind) => {
      stemmers[kind] = (await import(STEMMER_MODULES[kind])).stem;
    }),
  );
}

/** Use `stem` for the words of a script (node tests, which import the module themselves). */
export function setStemmer(kind, stem) {
  stemmers[kind] = stem;
}

/** The index terms of one normalised word, its full (or English-stemmed) form first; [] for a stop word. */
export function terms(word) {
  let found = cache.get(word);
  if (found) return found;
  if (STOPWORDS.has(word)) {
    found = [];
  } else {
    const kind = script(word);
    let all;
    if (kind === "he") {
      all = [word, ...hebrewVariants(word).map(hebrewSuffix)];
    } else if (kind === "ar") {
      const rests = ARABIC_CLITICS.filter((p) => word.startsWith(p) && size(word) - p.length >= MIN_STEM).map((p) => word.slice(p.length));
      all = [word, light10(word), ...rests.map(light10)];
    } else if (kind === "en") {
      if (!stemEnglish) throw new Error("analysis.register(lunr) must run before English words are analysed");
      all = [stemEnglish(word)];
    } else if (kind in STEMMER_MODULES) {
      if (!stemmers[kind]) throw new Error(`analysis.loadStemmers must load the ${kind} stemmer before ${kind} words are analysed`);
      all = [word, stemmers[kind](word)];
    } else {
      all = [word];
    }
    const [first, ...rest] = unique(all);
    found = [first, ...rest.filter((t) => !STOPWORDS.has(t))];
  }
  if (cache.size > 50000) cache.clear();
  cache.set(word, found);
  return found;
}

/** Forms of a word being typed to match as term prefixes: the word, then without prefix letters. */
export function prefixes(word) {
  const kind = script(word);
  if (kind === "he") return hebrewVariants(word, MIN_PREFIX);
  if (kind === "ar") {
    return unique([word, ...ARABIC_TYPING.filter((p) => word.startsWith(p) && size(word) - p.length >= MIN_PREFIX).map((p) => word.slice(p.length))]);
  }
  return [word];
}

/** Every word of a text with its terms (the shape of the test vectors). */
export function analyse(text) {
  return words(text).map(terms);
}

/** Register the pipeline functions with lunr.js under the names lunr.py used (idempotent). */
export function register(lunr) {
  stemEnglish = (word) => lunr.stemmer(new lunr.Token(word)).toString();
  const normaliseToken = (token) => words(token.toString()).map((w) => token.clone(() => w));
  const termsToken = (token) => terms(token.toString()).map((t) => token.clone(() => t));
  [normaliseToken, termsToken].forEach((fn, i) => {
    const label = PIPELINE[i];
    if (!(label in lunr.Pipeline.registeredFunctions)) lunr.Pipeline.registerFunction(fn, label);
  });
}
