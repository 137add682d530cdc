"""Text analysis for search in Hebrew, Arabic, English and Russian: the index-time half.

The query-time half is theme/static/js/analysis.js. The two are the same algorithm written twice and
registered in lunr.py and lunr.js under the same names (`PIPELINE`); tests/parity/vectors/analysis.json holds
the expected output for several hundred words and phrases, and both halves are tested against it.

One pipeline serves every site language, because every index also holds the topic, city and audience
labels in every language: each function acts on the tokens of its own script and passes the rest.

- `normalise`: compatibility decomposition, lower case, every combining mark removed (Hebrew niqqud and
  cantillation, Arabic tashkeel, Latin accents, the Cyrillic ё's dots: people type е), except the
  breve of й (a letter of its own, which Russian endings such as -ый, -ой need), Arabic tatweel removed, Hebrew final letters folded
  (ם → מ), Arabic alef forms → ا, ى → ي, ة → ه, Persian yeh and keheh → ي and ك, Arabic-Indic digits
  → 0-9, and every kind of quote, geresh and gershayim made one apostrophe, which joins the letters on
  both sides (להט"ב → להטב, Be'er → beer) and is dropped.
- `words`: the runs of letters and digits of the normalised text, at most `MAX_WORD` characters each.
- `terms`: what one word is indexed (and searched) as, full form first; none for a stop word.
  Hebrew: the word, then the word and each form without prefix letters (ו ה ב כ ל מ ש and their
  combinations, leaving at least 3 letters) with a plural or feminine ending (ים ות ה) taken off.
  Arabic: the word, its light10 stem (Larkey et al.; Lucene's ArabicStemmer), and the light10 stems of
  the word without the clitics و ف ب ك ل (leaving at least 3 letters).
  English: lunr's Porter stemmer, exactly as lunr.js 2.3.9 stems (`_JsPorter` documents where lunr.py's
  copy differs).
  Russian: the word, then its Snowball stem (`snowballstemmer` here; in the browser the same algorithm
  from the npm package snowball-stemmers, vendored by tools/vendor_snowball.py). The stemmer reads the
  folded word (ё already е, й kept), so both halves stem the same letters.
- `prefixes`: while a visitor is still typing a word, the forms to match as the start of a term.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import snowballstemmer
from lunr.stemmer import PorterStemmer

MAX_WORD = 40
MIN_STEM = 3
MIN_PREFIX = 3

# Characters mapped one to one (or removed) after NFKD and lower-casing. Combining marks are removed
# by _MARKS below, so أ إ آ (alef + hamza or madda) are already plain alef here.
_FOLD: dict[int, str | None] = {
    **{ord(c): n for c, n in zip("ךםןףץ", "כמנפצ", strict=True)},
    0x05F0: "וו",
    0x05F1: "וי",
    0x05F2: "יי",
    0x0640: None,  # tatweel
    0x0671: "ا",  # alef wasla
    0x0649: "ي",  # alef maqsura
    0x0629: "ه",  # ta marbuta
    0x06CC: "ي",  # Persian yeh
    0x06A9: "ك",  # keheh
    **{0x0660 + d: str(d) for d in range(10)},
    **{0x06F0 + d: str(d) for d in range(10)},
    **{ord(c): "'" for c in "'\"`׳״‘’‚‛“”„‟ʼʻ′″"},
}


@lru_cache(maxsize=1)
def _marks() -> re.Pattern[str]:
    """Every combining mark (general category M) of this Python's Unicode; as the JS side matches them."""
    ranges: list[tuple[int, int]] = []
    # Planes 4 to 13 have never had a character assigned: skipping them halves the time of this scan.
    for code in (*range(0x40000), *range(0xE0000, 0x110000)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    body = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return re.compile(f"[{body}]+")


# Letters and digits (Unicode L and N), joined by an apostrophe; the JS side uses [\p{L}\p{N}].
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_HEBREW = re.compile(r"^[\u05d0-\u05ea]")
_ARABIC = re.compile(r"^[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9]")
_LATIN = re.compile(r"^[a-z]+$")
_CYRILLIC = re.compile(r"^[\u0430-\u044f]+$")
# й decomposes to и + combining breve; it is put back before the marks go (see normalise).
_SHORT_I = re.compile("\u0438\u0306")

# Stop words, normalised (Hebrew final letters folded; Arabic alef forms, ى → ي, ة → ه).
_STOP_HE = """של את עמ על או גמ כל זה זו זאת אמ כי לא יש אינ הוא היא המ הנ אני אנחנו אתמ מה מי כמו אל עד
    בינ רק כבר אשר לכמ לו לה להמ בו בה בהמ אותו אותה אותמ ו ה ב כ ל מ ש"""
_STOP_AR = """في منه من علي الي عن مع او و ثم هذا هذه ذلك تلك التي الذي الذين هو هي هم انت انا نحن كل قد لا
    ما لم لن ان كان كانت يكون بعد قبل عند حتي بين غير اي ب ل ك ف يا"""
_STOP_EN = """a an and are as at be been but by do does for from had has have he her his i if in into is it
    its me my no not of on or our she so than that the their them then there these they this those
    to us was we were what when which who will with you your"""
# Russian, folded (ё → е): prepositions, conjunctions and particles a query says nothing with.
_STOP_RU = """и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о об из ему ли если или ни быть был была до для при без под над через
    это этот эта эти там тут где когда кто чем чтобы мы они их ей им вас нас"""
STOPWORDS = frozenset(word for text in (_STOP_HE, _STOP_AR, _STOP_EN, _STOP_RU) for word in text.split())


def _hebrew_prefixes() -> tuple[str, ...]:
    """ו, then ש כש מש לכש, then ב כ ל מ, then ה: every non-empty stack, longest first.

    ב כ ל swallow a following ה in writing (בבית, not בהבית), so those pairs are left out.
    """
    found = set()
    for conj in ("", "ו"):
        for rel in ("", "ש", "כש", "מש", "לכש"):
            for prep in ("", "ב", "כ", "ל", "מ"):
                for article in ("", "ה"):
                    if article and prep in ("ב", "כ", "ל"):
                        continue
                    stack = conj + rel + prep + article
                    if stack:
                        found.add(stack)
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


HEBREW_PREFIXES = _hebrew_prefixes()
# Each ending with the letters a stem must keep: ויות longer, as a shorter stem is a noun in יה (חוויות).
HEBREW_SUFFIXES = (("ויות", 4), ("ימ", MIN_STEM), ("ות", MIN_STEM), ("ה", MIN_STEM))
# Lucene's ArabicStemmer (light10), in its order; ة and ية are already ه and يه after normalising.
ARABIC_ARTICLES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
ARABIC_CLITICS = ("وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل")
ARABIC_TYPING = ("وال", "بال", "كال", "فال", "لل", "ال", *ARABIC_CLITICS)


def normalise(text: str) -> str:
    """The text folded for matching (see the module's docstring)."""
    text = _SHORT_I.sub("\u0439", unicodedata.normalize("NFKD", text).lower())
    return _marks().sub("", text).translate(_FOLD)


def words(text: str) -> list[str]:
    """The words of a text, normalised; apostrophes inside a word are dropped."""
    return [w.replace("'", "")[:MAX_WORD] for w in _WORD.findall(normalise(text))]


def script(word: str) -> str:
    """'he', 'ar', 'en' (plain Latin letters), 'ru' (Russian letters) or '' (digits, mixed, other scripts)."""
    if _HEBREW.match(word):
        return "he"
    if _ARABIC.match(word):
        return "ar"
    if _LATIN.match(word):
        return "en"
    if _CYRILLIC.match(word):
        return "ru"
    return ""


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def hebrew_variants(word: str, shortest: int = MIN_STEM) -> list[str]:
    """The word and each form of it without a stack of prefix letters, leaving `shortest` letters.

    A form that ends like a plural or feminine but is too short to lose that ending was cut too deep
    (שכולים → ולים, a stem of two letters that would match בולימיה), so it is left out.
    """
    rests = [word[len(p) :] for p in HEBREW_PREFIXES if word.startswith(p) and len(word) - len(p) >= shortest]
    return _unique([word] + [rest for rest in rests if not _cut_too_deep(rest)])


def _cut_too_deep(rest: str) -> bool:
    return hebrew_suffix(rest) == rest and any(rest.endswith(suffix) for suffix, _ in HEBREW_SUFFIXES)


def hebrew_suffix(word: str) -> str:
    """The word without one plural or feminine ending (ויות ים ות ה), leaving at least 3 letters.

    ויות is the plural of a noun in ות (התמכרות → התמכרויות), so both come to the same stem (התמכר).
    """
    for suffix, keep in HEBREW_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)]
    return word


def light10(word: str) -> str:
    """Lucene's ArabicStemmer: one article prefix, then each suffix in turn, keeping 3 letters.

    Lucene keeps 2, but two-letter stems join unrelated words (أمهات → ام, as in أم الفحم).
    """
    for prefix in ARABIC_ARTICLES:
        shortest = 4 if len(prefix) == 1 else len(prefix) + MIN_STEM
        if len(word) >= shortest and word.startswith(prefix):
            word = word[len(prefix) :]
            break
    for suffix in ARABIC_SUFFIXES:
        if len(word) >= len(suffix) + MIN_STEM and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


class _JsPorter(PorterStemmer):
    """lunr.py's Porter stemmer made to stem as lunr.js 2.3.9 does.

    lunr.js turns a final y into i only after a consonant (day stays day; lunr.py gives dai), and its
    step 1 suffixes need at least one letter before them (ies → ie, sses → sse, eed → e).
    """

    def step1ab(self) -> None:
        """Plurals and -ed, -ing, as lunr.js: a suffix never takes the whole word."""
        if self.b[self.k] == "s":
            if self.ends("sses") and self.j >= self.k0:
                self.k -= 2
            elif self.ends("ies") and self.j >= self.k0:
                self.setto("i")
            elif self.b[self.k - 1] != "s":
                self.k -= 1
        if self.ends("eed") and self.j >= self.k0:
            if self.m() > 0:
                self.k -= 1
        elif (self.ends("ed") or self.ends("ing")) and self.vowelinstem():
            self.k = self.j
            self._step1b_tidy()

    def _step1b_tidy(self) -> None:
        """After -ed or -ing: at → ate, bl → ble, iz → ize, undouble, or add e (Porter's step 1b)."""
        if self.ends("at"):
            self.setto("ate")
        elif self.ends("bl"):
            self.setto("ble")
        elif self.ends("iz"):
            self.setto("ize")
        elif self.doublec(self.k):
            self.k -= 1
            if self.b[self.k] in "lsz":
                self.k += 1
        elif self.m() == 1 and self.cvc(self.k):
            self.setto("e")

    def step1c(self) -> None:
        """A final y after a consonant (and not the first letter) becomes i."""
        if self.ends("y") and self.k - 1 > self.k0 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_PORTER = _JsPorter()
_RUSSIAN = snowballstemmer.stemmer("russian")


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    """lunr.js's stem of a lower-case English word."""
    return _PORTER.stem(word)


@lru_cache(maxsize=200_000)
def russian_stem(word: str) -> str:
    """Snowball's Russian stem of a folded lower-case Russian word."""
    return _RUSSIAN.stemWord(word)


@lru_cache(maxsize=200_000)
def _terms(word: str) -> tuple[str, ...]:
    if word in STOPWORDS:
        return ()
    kind = script(word)
    if kind == "he":
        found = [word] + [hebrew_suffix(v) for v in hebrew_variants(word)]
    elif kind == "ar":
        rests = [word[len(p) :] for p in ARABIC_CLITICS if word.startswith(p) and len(word) - len(p) >= MIN_STEM]
        found = [word, light10(word)] + [light10(rest) for rest in rests]
    elif kind == "en":
        found = [english_stem(word)]
    elif kind == "ru":
        found = [word, russian_stem(word)]
    else:
        found = [word]
    first, *rest = _unique(found)
    return (first, *(term for term in rest if term not in STOPWORDS))


def terms(word: str) -> list[str]:
    """The index terms of one normalised word, its full (or English-stemmed) form first; [] for a stop word."""
    return list(_terms(word))


def prefixes(word: str) -> list[str]:
    """Forms of a word being typed to match as term prefixes: the word, then without prefix letters."""
    kind = script(word)
    if kind == "he":
        return hebrew_variants(word, MIN_PREFIX)
    if kind == "ar":
        return _unique(
            [word] + [word[len(p) :] for p in ARABIC_TYPING if word.startswith(p) and len(word) - len(p) >= MIN_PREFIX]
        )
    return [word]


def analyse(text: str) -> list[list[str]]:
    """Every word of a text with its terms (the shape of the test vectors)."""
    return [terms(w) for w in words(text)]


# The pipeline, as lunr serialises it: these names are registered in lunr.py here and in lunr.js by
# theme/static/js/analysis.js.
PIPELINE = ("sg-normalise", "sg-terms")


def _normalise_token(token: Any, i: int | None = None, tokens: Any = None) -> Any:
    """Pipeline function: a token's text normalised, or nothing when no letter or digit is left."""
    found = words(token.string)
    return [token.clone(lambda _s, _m, w=w: w) for w in found]


def _terms_token(token: Any, i: int | None = None, tokens: Any = None) -> Any:
    """Pipeline function: a normalised word's terms (see `terms`)."""
    return [token.clone(lambda _s, _m, t=t: t) for t in _terms(token.string)]


_LUNR_SEPARATORS = re.compile("[ \t\n\r\f\v\xa0-]+")  # lunr's tokenizer splits on these


def text_terms(text: str | None) -> tuple[str, ...]:
    """The terms lunr's tokenizer and this pipeline make of a field's text, without lunr's Token objects."""
    if text is None:
        return ()
    found: list[str] = []
    for token in _LUNR_SEPARATORS.split(str(text).lower()):
        for word in words(token) if token else ():
            found.extend(_terms(word))
    return tuple(found)


def register() -> None:
    """Register the pipeline functions with lunr.py under the names lunr.js knows them by (idempotent)."""
    from lunr.pipeline import Pipeline

    for fn, label in zip((_normalise_token, _terms_token), PIPELINE, strict=True):
        if Pipeline.registered_functions.get(label) is not fn:
            Pipeline.register_function(fn, label)


def pipeline_functions() -> list[Any]:
    """The registered functions, in pipeline order."""
    register()
    from lunr.pipeline import Pipeline

    return [Pipeline.registered_functions[label] for label in PIPELINE]
