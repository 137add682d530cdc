"""The search analysis: each normalisation rule, and parity of the Python and JavaScript halves.

tests/parity/vectors/analysis.json holds the expected words, terms and typing prefixes of several hundred words
and phrases; this file checks plugins/search_index/analysis.py against it, and runs
tests/parity/test_search_analysis.mjs, which checks theme/static/js/analysis.js against the same file in node.
Regenerate the vectors (after a deliberate change to the rules, in both halves) with:
    .venv/bin/python -m tests.test_search_analysis
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lunr.stemmer import porter_stemmer

from plugins.search_index import analysis as a
from tests.conftest import ROOT

VECTORS = ROOT / "tests" / "parity" / "vectors" / "analysis.json"
SEEDS = ROOT.parent / "shared" / "seeds"


def load_vectors() -> list[dict]:
    return json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]


# -- every rule on its own ---------------------------------------------------------------------------


def test_niqqud_and_cantillation_removed():
    assert a.words("שָׁלוֹם") == a.words("שלום") == ["שלומ"]
    assert a.words("בְּרֵאשִׁ֖ית") == ["בראשית"]  # with a cantillation mark (tipcha)


def test_hebrew_final_letters_folded():
    assert a.normalise("ךםןףץ") == "כמנפצ"
    assert a.words("ירושלים") == ["ירושלימ"]


def test_geresh_gershayim_and_quotes_join_the_word():
    assert a.words('להט"ב') == a.words("להט״ב") == a.words("להטב") == ["להטב"]
    assert a.words("ד״ר") == a.words('ד"ר') == ["דר"]
    assert a.words("סח'נין") == a.words("סח׳נין") == ["סחנינ"]
    assert a.words("“quoted” words") == ["quoted", "words"]


def test_hebrew_prefixes_stripped_keeping_the_full_form():
    assert a.terms("בחיפה")[0] == "בחיפה"
    assert set(a.terms("בחיפה")) & set(a.terms("חיפה"))
    assert "ירושל" in a.terms(a.words("ובירושלים")[0])
    assert "ירושל" in a.terms(a.words("שבירושלים")[0])
    assert "ירושל" in a.terms(a.words("ומירושלים")[0])


def test_hebrew_prefix_leaves_a_minimum_stem():
    # בית without ב would be two letters: kept whole.
    assert a.hebrew_variants("בית") == ["בית"]
    assert a.hebrew_variants("לאב") == ["לאב"]


def test_hebrew_plural_and_feminine_suffixes():
    assert a.hebrew_suffix("קבוצות") == a.hebrew_suffix("קבוצה") == "קבוצ"
    assert a.hebrew_suffix("הורימ") == "הור"
    assert a.hebrew_suffix("נשימ") == "נשימ"  # נש would be too short
    assert set(a.terms(a.words("להורים")[0])) & set(a.terms(a.words("הורים")[0]))


def test_arabic_tashkeel_and_tatweel_removed():
    assert a.words("مُجْمُوعَةٌ") == a.words("مجموعة")
    assert a.words("مجـــموعة") == a.words("مجموعة")
    assert a.words("ٰ") == []  # a lone superscript alef is a mark, not a word


def test_arabic_letters_normalised():
    assert a.words("أإآٱا") == ["ااااا"]
    assert a.words("مستشفى") == ["مستشفي"]
    assert a.words("مدرسة") == ["مدرسه"]
    assert a.words("٢٠٢٦ ۱۲") == ["2026", "12"]
    assert a.words("ﷲ") == ["الله"]  # a presentation-form ligature


def test_hebrew_plural_of_ut_nouns_meets_the_singular():
    assert a.terms("התמכרויות")[1] == a.terms("התמכרות")[1] == "התמכר"
    assert a.hebrew_suffix("חוויות") == a.hebrew_suffix("חוויה") == "חווי"  # a stem in יה keeps its yod


def test_prefix_stripping_never_leaves_a_stem_of_two_letters():
    # ש+כ taken from שכולים would leave ולים, which can lose no ending (ול): cut too deep.
    assert "ולימ" not in a.terms("שכולימ")
    assert not set(a.terms("שכולימ")) & set(a.terms("בולימיה"))
    assert not any(p.startswith("ולי") for p in a.prefixes("שכולימ"))
    assert a.terms("להורימ") == ["להורימ", "להור", "הור"]


def test_arabic_stems_keep_three_letters():
    assert a.light10("امهات") == "امه"
    assert not set(a.terms("امهات")) & set(a.analyse("أم الفحم")[0])


def test_stop_words_that_are_topic_words_are_kept():
    import yaml

    taxonomy = yaml.safe_load((ROOT / "content" / "taxonomy.yaml").read_text(encoding="utf-8"))
    single = [
        word
        for name, vocabulary in taxonomy.items()
        if name != "choices"
        for term in vocabulary.values()
        for text in [*term["label"].values(), *(s for ws in (term.get("synonyms") or {}).values() for s in ws)]
        for word in a.words(text)
        if len(a.words(text)) == 1
    ]
    assert [word for word in single if not a.terms(word)] == []
    assert a.terms("אבל") == ["אבל"]


def test_arabic_light10():
    assert a.light10("الدعم") == "دعم"
    assert a.light10("مجموعات") == a.light10("مجموعه") == "مجموع"
    assert a.light10("والمساعده") == a.light10("مساعده") == "مساعد"
    assert a.light10("النفسيه") == a.light10("نفسي") == "نفس"
    assert a.light10("زياره") == a.light10("زيارات") == "زيار"
    assert a.light10("ولد") == "ولد"  # و is a prefix only before 3 more letters


def test_arabic_clitics():
    assert "حيفا" in a.terms("بحيفا")
    assert "حيفا" in a.terms("وبحيفا")
    assert a.light10("زياره") in a.terms("لزياره")


def test_arabic_edge_letters_kept():
    # lunr.py's Arabic trimmer cuts ز ص ط ظ at word edges; ours keeps every letter.
    for word in ("زيارة", "شخص", "ضغط", "حفظ"):
        assert a.terms(a.words(word)[0])[0] == a.words(word)[0]


def test_english_stemmer_is_lunr_js():
    assert a.english_stem("parents") == "parent"
    assert a.english_stem("days") == "day"  # lunr.py's own stemmer says "dai"; lunr.js says "day"
    assert porter_stemmer.stem("days") == "dai"
    assert a.english_stem("why") == "whi"
    assert a.english_stem("ies") == "ie"


def test_stop_words_have_no_terms():
    for word in ("של", "في", "the", "and", "על", "من"):
        assert a.terms(a.words(word)[0]) == []


def test_words_are_bounded():
    assert a.words("א" * 500) == ["א" * a.MAX_WORD]
    assert a.words("   ") == []
    assert a.words('"*:~+-^') == []


def test_prefixes_while_typing():
    assert a.prefixes("בחי") == ["בחי"]
    assert a.prefixes("בחיפ") == ["בחיפ", "חיפ"]
    assert "דעמ" not in a.prefixes("الدع")
    assert "دع" not in a.prefixes("الدع")  # too short to expand
    assert "دعم" in a.prefixes("الدعم")


def test_russian_short_i_kept_and_yo_folded():
    assert a.words("Новый ЙОГА") == ["новый", "йога"]  # й is a letter of its own, not и with a mark
    assert a.words("Ёлка всё её") == a.words("елка все ее") == ["елка", "все", "ее"]
    assert a.script("новый") == "ru"
    assert a.script("ашдодhaifa") == ""


def test_russian_inflections_meet_in_the_stem():
    for forms in (
        ("зависимость", "зависимости", "зависимостью", "зависимостей"),
        ("утрата", "утраты", "утрату", "утратой"),
        ("родственники", "родственников", "родственникам"),
        ("деменция", "деменцией", "деменции"),
    ):
        stems = {a.terms(word)[1] for word in forms}
        assert len(stems) == 1, (forms, stems)
    assert a.terms("ашдод") == ["ашдод"]  # a word that is its own stem is indexed once


def test_russian_stop_words():
    assert a.analyse("группы для родителей и детей") == [
        ["группы", "групп"],
        [],
        ["родителей", "родител"],
        [],
        ["детей", "дет"],
    ]


def test_pipeline_registered_with_lunr_py():
    from lunr.pipeline import Pipeline

    a.register()
    assert [Pipeline.registered_functions[name] for name in a.PIPELINE] == a.pipeline_functions()


# -- the shared vectors -------------------------------------------------------------------------------


def test_vector_file_is_large_enough():
    vectors = load_vectors()
    assert len(vectors) >= 300
    scripts = {a.script(w) for v in vectors for w in v["words"]}
    assert {"he", "ar", "en", "ru"} <= scripts
    assert len([v for v in vectors if v.get("source") == "russian"]) >= 60
    seeds = [v for v in vectors if v.get("source", "").startswith("seed")]
    assert len(seeds) >= 50


def test_python_matches_vectors():
    wrong = []
    for vector in load_vectors():
        got = {
            "words": a.words(vector["input"]),
            "terms": a.analyse(vector["input"]),
            "prefixes": [a.prefixes(w) for w in a.words(vector["input"])],
        }
        if any(got[key] != vector[key] for key in got):
            wrong.append((vector["input"], got))
    assert wrong == []


def test_javascript_matches_vectors():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the JavaScript half of the parity test (Debian: apt-get install nodejs)")
    result = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "parity" / "test_search_analysis.mjs")],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- writing the vectors --------------------------------------------------------------------------------


def _seed_inputs() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sorted(SEEDS.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = [line.strip() for line in text.splitlines() if len(line.split()) >= 4]
        for line in lines[:25]:
            found.append((f"seed phrase {path.name}", " ".join(line.split()[:14])))
        seen: list[str] = []
        for word in re.findall(r"\S+", text):
            if word not in seen and len(seen) < 40:
                seen.append(word)
        found += [(f"seed word {path.name}", word) for word in seen]
    return found


# Russian words and phrases as people type them when looking for a group: inflected forms (cases,
# plurals, adjectives), ё and е, й, capitals, and Russian names of Israeli cities.
_RUSSIAN_WORDS = """
зависимость зависимости зависимостью зависимостей зависимых алкоголизм алкоголизмом алкоголики
наркомания наркомании наркотиков утрата утраты утрату утратой горе горя горем скорбь скорби потеря
потери потерей деменция деменцией деменции родственники родственников родственникам ухаживающих
опекунов семьи семьям родителей родителям детей ребёнок ребенка аутизм аутизмом депрессия депрессии
депрессией тревога тревоги тревожность расстройство расстройства психического здоровья группа группы
группе группу поддержки поддержка взаимопомощи самопомощи встреча встречи встречаются Ашдод Ашдоде
Хайфа Хайфе Иерусалим Иерусалиме онлайн бесплатно женщины женщин подростков пожилых одиночество
вдовы самоубийство травма травмой насилия рак раком онкологии диабет беременность выкидыш Ёлка всё
её новый синий йога районе регистрация понедельник вторник среду четверг пятница субботу воскресенье
репатриантов
"""
RUSSIAN = [
    *_RUSSIAN_WORDS.split(),
    "РАС",
    "ПТСР",
    "ЛГБТ",
    "группа поддержки для родственников",
    "группы поддержки в Хайфе",
    "болезнь Альцгеймера",
    "уход за пожилыми родителями",
    "анонимные алкоголики",
    "потеря близкого человека",
    "после утраты ребёнка",
    "дети с аутизмом",
    "психическое здоровье",
    "на русском языке",
    "Тель-Авив",
    "Беэр-Шева",
    "Ришон-ле-Цион",
]


def _inputs() -> list[tuple[str, str]]:
    import yaml

    examples = ["בחיפה", "חיפה", "קבוצות", "קבוצה", "להורים", "הורים", "ובירושלים", "ירושלים"]
    examples += [
        "الدعم",
        "دعم",
        "مجموعات",
        "مجموعة",
        "والمساعدة",
        "مساعدة",
        "النفسية",
        "نفسي",
        "زيارة",
        "زيارات",
        "Haifa",
        "حيفا",
    ]
    rules = [
        "שָׁלוֹם",
        "בְּרֵאשִׁ֖ית",
        'להט"ב',
        "להט״ב",
        "ד״ר",
        "סח'נין",
        "סח׳נין",
        'ב"ש',
        "ײַ",
        "מֶלֶךְ",
        "מְאוּשָּׁרִים",
        "כשהם",
        "וכשהגענו",
        "שבירושלים",
        "מהבית",
        "ומהבית",
        "לכשתבוא",
        "בית",
        "לאב",
        "נשים",
        "אישה",
        "מורים",
        "מתמודדות",
        "מתמודדים",
        "תמיכה",
        "בתמיכה",
        "ובתמיכה",
        "מُجْمُوعَةٌ",
        "مجـــموعة",
        "أإآٱا",
        "مستشفى",
        "مدرسة",
        "٢٠٢٦ ۱۲",
        "ﷲ",
        "ولد",
        "بحيفا",
        "وبحيفا",
        "لزيارة",
        "للأهل",
        "بالمجموعة",
        "فالدعم",
        "كالمساعدة",
        "والنفسية",
        "الإدمان",
        "إدمان",
        "أمهات",
        "مسؤول",
        "مسئول",
        "ذوي الاحتياجات الخاصة",
        "شخص ضغط حفظ صبر",
        "days day why sky ies sses eed caresses ponies agreed disabled meetings",
        "Be'er Sheva",
        "Shefa-'Amr",
        "Tel Aviv-Yafo",
        "café naïve İstanbul",
        "Ｈaifa²",
        "COVID-19 12-step",
        '"*:~+-^',
        "   ",
        "",
        "-",
        "+haifa -jerusalem ~2 name:foo *",
        "א" * 500,
        "مجموعة" * 100,
        "😀 support 😀",
        "שלוםשלום\u200dabc",
        "חיפהhaifa",
        "mixed עברית and عربية text",
        "התמכרויות",
        "התמכרות",
        "שכולים",
        "בולימיה",
        "חוויות",
        "בחוויות",
        "אפשרויות",
        "אבל",
        "סכרת",
        "أم الفحم",
        "حزن",
        "gamblng",
    ]
    taxonomy = yaml.safe_load((ROOT / "content" / "taxonomy.yaml").read_text(encoding="utf-8"))
    labels = []
    for name, vocabulary in taxonomy.items():
        for term in vocabulary.values():
            if name == "choices":
                labels += [s for values in term.values() for words in values.values() for s in words]
                continue
            labels += list(term["label"].values())
            labels += [s for words in (term.get("synonyms") or {}).values() for s in words]
    stop = sorted(a.STOPWORDS)
    found = [("example", w) for w in examples] + [("rule", r) for r in rules]
    found += [("russian", text) for text in RUSSIAN]
    found += [("taxonomy", label) for label in dict.fromkeys(labels)]
    found += [("stop word", w) for w in stop]
    found += _seed_inputs()
    return found


def write_vectors() -> int:
    """Write tests/parity/vectors/analysis.json from the Python half (the reference)."""
    vectors = []
    seen = set()
    for source, text in _inputs():
        if text in seen:
            continue
        seen.add(text)
        found = a.words(text)
        vectors.append(
            {
                "source": source,
                "input": text,
                "words": found,
                "terms": [a.terms(w) for w in found],
                "prefixes": [a.prefixes(w) for w in found],
            }
        )
    VECTORS.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "about": "Expected output of plugins/search_index/analysis.py and theme/static/js/analysis.js; "
        "regenerate with: .venv/bin/python -m tests.test_search_analysis",
        "vectors": vectors,
    }
    VECTORS.write_text(json.dumps(body, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(vectors)


if __name__ == "__main__":
    print(f"wrote {write_vectors()} vectors to {Path(VECTORS).relative_to(ROOT)}")
