"""The canonical layout of group files (canonical.py) and `invoke fmt`."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from commands import fmt
from commands.fmt import is_canonical
from directory.files import canonical, reader
from directory.files.canonical import (
    ALWAYS_QUOTED,
    DATE_KEYS,
    SCHEMA_LINE,
    dump_group,
    key_orders,
    quoted,
    scalar,
)
from directory.files.reader import group_files, load_document, read_group, read_taxonomy
from directory.model import Biweekly, Cohort, Contact, Group, Location, Monthly, Online, Unscheduled, Weekly
from directory.settings import reader_context
from tests.conftest import LANGUAGES, ROOT, SETTINGS

SAMPLES = group_files(ROOT / "content" / "groups")

BASE = {
    "name": {"en": "Test group"},
    "summary": {"en": "A test."},
    "topics": ["hearing-voices"],
    "facilitation": "peer",
    "languages": ["he"],
    "attendance": "online",
    "membership": "open",
    "cost": "free",
    "schedule": [{"repeat": "weekly", "days": ["tue"], "start": "18:00"}],
    "online": {"platform": "zoom"},
    "contact": {"email": "group@example.org"},
    "verified": "2026-10-15",
}

BASE_TEXT = f"""{SCHEMA_LINE}
name:
  en: Test group
summary:
  en: A test.
topics: [hearing-voices]
facilitation: peer
languages: [he]
attendance: online
membership: open
cost: free
schedule:
  - repeat: weekly
    days: [tue]
    start: "18:00"
online:
  platform: zoom
contact:
  email: group@example.org
verified: 2026-10-15
"""


@pytest.fixture(scope="module")
def context() -> dict:
    taxonomy, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    return reader_context(SETTINGS, taxonomy)


def group(**changes) -> dict:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def write(tmp_path: Path, text: str, name: str = "test-group.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def dates_as_text(value):
    """YAML 1.1 reads a plain 2026-10-15 as a date (on purpose, for `verified` and the like)."""
    if isinstance(value, dict):
        return {k: dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dates_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def round_trip(tmp_path: Path, data: dict) -> str:
    """Dump, read back with the reader (and PyYAML's YAML 1.1 loader): same data; dump again: same text."""
    text = dump_group(data, LANGUAGES)
    assert load_document(write(tmp_path, text)).data == data
    assert dates_as_text(yaml.safe_load(text)) == data  # YAML 1.1 reads no other booleans or numbers
    assert dump_group(load_document(write(tmp_path, text)).data, LANGUAGES) == text
    return text


def read_scalar(written: str) -> list:
    """A written scalar as PyYAML's YAML 1.1 loader and the reader's (C) loader read it."""
    return [yaml.load(f"k: {written}", Loader=loader)["k"] for loader in (yaml.SafeLoader, reader.Loader)]


# Sample files.


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_round_trips(sample, tmp_path, context):
    data = load_document(sample).data
    text = dump_group(data, LANGUAGES, context)
    path = write(tmp_path, text, sample.name)
    assert load_document(path).data == data
    assert read_group(path, context)[1] == []
    assert dump_group(load_document(path).data, LANGUAGES) == text  # idempotent
    assert is_canonical(path, LANGUAGES, context)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert [line for line in text.splitlines() if line.startswith("#")] == [SCHEMA_LINE]


def test_sample_layout_changes_are_layout_only():
    text = dump_group(load_document(ROOT / "content" / "groups" / "haifa-hearing-voices.yaml").data, LANGUAGES)
    assert "# Sample data" not in text  # comments are dropped
    assert "  venue:\n    he: בית הקהילה\n    ar: بيت المجتمع\n    en: Community House\n" in text  # no flow map
    assert "location:\n  city: haifa\n  venue:" in text  # the model's order
    assert '  phone: "04-555-0101"\n' in text
    assert "  geo: [32.8156, 34.9892]\n" in text
    assert "verified: 2026-10-15\nstatus: active\n" in text


# The exact layout.


def test_minimal_group_layout(tmp_path):
    assert round_trip(tmp_path, BASE) == BASE_TEXT


def test_keys_follow_the_model_whatever_the_input_order(tmp_path):
    shuffled = dict(reversed(list(BASE.items())))
    shuffled["schedule"] = [{"start": "18:00", "days": ["tue"], "repeat": "weekly"}]
    shuffled["name"] = {"en": "Test group", "ar": "مجموعة", "he": "קבוצה"}
    text = round_trip(tmp_path, shuffled)
    assert text.startswith(f"{SCHEMA_LINE}\nname:\n  he: קבוצה\n  ar: مجموعة\n  en: Test group\nsummary:")
    assert '  - repeat: weekly\n    days: [tue]\n    start: "18:00"\n' in text


def test_other_languages_come_after_the_site_languages_alphabetically():
    data = group(summary={"fr": "Un test.", "en": "A test.", "de": "Ein Test.", "he": "בדיקה"})
    text = dump_group(data, ("he", "en"), {"languages": ("he", "en", "fr", "de")})
    assert "summary:\n  he: בדיקה\n  en: A test.\n  de: Ein Test.\n  fr: Un test.\n" in text


def test_key_orders_are_the_documented_ones():
    documented = " ".join(canonical.__doc__.split())
    for name, order in key_orders().items():
        assert f"{name}: {', '.join(order)}" in documented
    assert key_orders()["weekly"] == ("repeat", "days", "start", "end", "timezone")
    assert key_orders()["by-arrangement"] == ("repeat", "note")


def test_field_rules_cover_the_models_times_and_dates():
    times, dates = set(), set()
    for model in (Group, Location, Online, Contact, Weekly, Biweekly, Monthly, Cohort, Unscheduled):
        for name, info in model.model_fields.items():
            core = canonical._core(info.annotation)
            times |= {name} if core is dt.time else set()
            dates |= {name} if core is dt.date else set()
    assert times | {"phone", "whatsapp"} == ALWAYS_QUOTED
    assert dates == DATE_KEYS


def test_every_schedule_kind(tmp_path):
    schedule = [
        {"repeat": "weekly", "days": ["sun", "wed"], "start": "18:00", "end": "19:30", "timezone": "Europe/London"},
        {"repeat": "biweekly", "days": ["thu"], "first_date": "2026-09-03", "start": "10:00"},
        {"repeat": "monthly", "weeks": [1, -1], "days": ["mon"], "start": "19:00"},
        {"repeat": "monthly", "day_of_month": 31, "skip_short_months": True, "start": "17:00"},
        {"repeat": "cohort", "days": ["mon"], "first_date": "2026-10-05", "last_date": "2026-12-21", "sessions": 12}
        | {"start": "17:00"},
        {"repeat": "by-arrangement", "note": {"en": "Call us.\nWe will find a time."}},
        {"repeat": "ongoing"},
    ]
    text = round_trip(tmp_path, group(schedule=schedule))
    assert (
        "schedule:\n"
        "  - repeat: weekly\n"
        "    days: [sun, wed]\n"
        '    start: "18:00"\n'
        '    end: "19:30"\n'
        "    timezone: Europe/London\n"
        "  - repeat: biweekly\n"
        "    days: [thu]\n"
        "    first_date: 2026-09-03\n"
        '    start: "10:00"\n'
        "  - repeat: monthly\n"
        "    weeks: [1, -1]\n"
        "    days: [mon]\n"
        '    start: "19:00"\n'
        "  - repeat: monthly\n"
        "    day_of_month: 31\n"
        "    skip_short_months: true\n"
        '    start: "17:00"\n'
        "  - repeat: cohort\n"
        "    days: [mon]\n"
        "    first_date: 2026-10-05\n"
        "    last_date: 2026-12-21\n"
        "    sessions: 12\n"
        '    start: "17:00"\n'
        "  - repeat: by-arrangement\n"
        "    note:\n"
        "      en: |-\n"
        "        Call us.\n"
        "        We will find a time.\n"
        "  - repeat: ongoing\n"
    ) in text


def test_numbers_booleans_lists_and_nulls(tmp_path):
    location = {"city": "haifa", "geo": [32.0, 34.9892], "wheelchair_accessible": False, "venue": None}
    data = group(attendance="hybrid", location=location, audience=[], description=None)
    text = dump_group(data, LANGUAGES)
    assert "location:\n  city: haifa\n  geo: [32.0, 34.9892]\n  wheelchair_accessible: false\n" in text
    assert "audience: []\n" in text
    assert "description" not in text and "venue" not in text and "null" not in text
    without_nulls = group(attendance="hybrid", location={k: v for k, v in location.items() if v is not None})
    without_nulls["audience"] = []
    assert load_document(write(tmp_path, text)).data == without_nulls


def test_times_phones_and_dates(tmp_path):
    contact = {"phone": "04-555-0101", "whatsapp": "+972 50-555-0123", "website": "https://example.org/a#b"}
    text = round_trip(tmp_path, group(contact=contact, status="paused", paused_until="2027-01-10"))
    assert '  phone: "04-555-0101"\n  whatsapp: "+972 50-555-0123"\n  website: https://example.org/a#b\n' in text
    assert 'start: "18:00"' in text
    assert "verified: 2026-10-15\nstatus: paused\npaused_until: 2027-01-10\n" in text


# Scalars.

QUOTED = {
    "yes": '"yes"',
    "no": '"no"',
    "on": '"on"',
    "Off": '"Off"',
    "y": '"y"',
    "true": '"true"',
    "null": '"null"',
    "~": '"~"',
    "=": '"="',
    "<<": '"<<"',
    "18:00": '"18:00"',
    "2026-01-01": '"2026-01-01"',
    "2026-01-01 10:00:00": '"2026-01-01 10:00:00"',
    "12": '"12"',
    "-3.5": '"-3.5"',
    "1e3": '"1e3"',
    "0x1F": '"0x1F"',
    "1_000": '"1_000"',
    ".inf": '".inf"',
    ".NaN": '".NaN"',
    "#x": '"#x"',
    "a: b": '"a: b"',
    "x #y": '"x #y"',
    "ends:": '"ends:"',
    "- x": '"- x"',
    "[x]": '"[x]"',
    "{x}": '"{x}"',
    "&x": '"&x"',
    "*x": '"*x"',
    "!x": '"!x"',
    "|x": '"|x"',
    ">x": '">x"',
    "%x": '"%x"',
    "@x": '"@x"',
    "`x": '"`x"',
    "?x": '"?x"',
    "'single'": "\"'single'\"",
    '"double"': '"\\"double\\""',
    " leading space": '" leading space"',
    "trailing space ": '"trailing space "',
    "tab\there": '"tab\\there"',
    "bell\x07": '"bell\\u0007"',
    "next\x85line": '"next\\u0085line"',
    "line\u2028separator": '"line\\u2028separator"',
    '"mixed" \\ end': '"\\"mixed\\" \\\\ end"',
}
PLAIN = [
    "Haifa Hearing Voices Group",
    "x#y",
    "a:b",
    "https://example.org/join?x=1",
    "say \"hi\" and 'bye'",
    "back\\slash",
    '\\"starts" with a backslash \\',
    "10 Example Street, Haifa",
    '120 ש"ח לכל 12 המפגשים',
    "קבוצת שומעי קולות חיפה",
    "مجموعة سماع الأصوات في حيفا، لقاء مفتوح",
    "+972 50",
    "cafe",
    "emoji 😀",
]


CONTROL = {"tab\there", "bell\x07", "next\x85line", "line\u2028separator"}  # the model refuses them in a name


@pytest.mark.parametrize("text", list(QUOTED))
def test_strings_that_need_quotes(text, tmp_path):
    assert scalar(text) == QUOTED[text]
    assert read_scalar(QUOTED[text]) == [text, text]
    if text not in CONTROL:
        written = round_trip(tmp_path, group(summary={"en": text}))
        assert f"summary:\n  en: {QUOTED[text]}\n" in written


@pytest.mark.parametrize("text", PLAIN)
def test_strings_that_stay_plain(text, tmp_path):
    written = round_trip(tmp_path, group(summary={"he": text}))
    assert f"summary:\n  he: {text}\n" in written


@pytest.mark.parametrize("text", ["a, b", "a:b", "x?", "[x]", "no", "18:00", "ok"])
def test_flow_lists_quote_flow_indicators(text):
    written = f"k: [{scalar(text, flow=True)}, b]"
    assert yaml.safe_load(written) == {"k": [text, "b"]}
    assert (scalar(text, flow=True) == text) == (text == "ok")


def test_language_codes_that_look_like_booleans(tmp_path):
    text = round_trip(tmp_path, group(languages=["no", "on", "he"]))
    assert 'languages: ["no", "on", he]\n' in text


def test_quoting_is_json_compatible():
    for text in ["plain", 'a "b" \\ c', "tab\tnew\nline\r\x00\x1f", "עברית", "😀", "\b\f"]:
        assert quoted(text) == json.dumps(text, ensure_ascii=False)


# Multi-line text.


def test_multiline_text_is_a_literal_block(tmp_path):
    text = 'First line: with a colon.\n\n- a list item\n  - nested # not a comment\n"quoted" line'
    written = round_trip(tmp_path, group(description={"he": "שורה ראשונה\nשורה שנייה", "en": text}))
    assert (
        "description:\n"
        "  he: |-\n"
        "    שורה ראשונה\n"
        "    שורה שנייה\n"
        "  en: |-\n"
        "    First line: with a colon.\n"
        "\n"
        "    - a list item\n"
        "      - nested # not a comment\n"
        '    "quoted" line\n'
        "topics:"
    ) in written


@pytest.mark.parametrize(
    "text",
    [
        "trailing space \nnext",
        "ends with a newline\n",
        "ends with newlines\n\n",
        " leading space\nnext",
        "\nleading newline",
        "tab\tinside\nnext",
        "blank line with spaces\n  \nnext",
        "line\u2028separator\nnext",
    ],
)
def test_multiline_edge_cases_are_double_quoted(text, tmp_path):
    written = round_trip(tmp_path, group(description={"en": text}))
    assert f"description:\n  en: {quoted(text)}\n" in written
    assert "|-" not in written


def test_carriage_returns_are_escaped():
    assert scalar("windows\r\nline ends") == '"windows\\r\\nline ends"'
    assert read_scalar(scalar("windows\r\nline ends")) == ["windows\r\nline ends"] * 2


# Refusals.


def test_a_group_with_problems_is_refused():
    with pytest.raises(ValidationError):
        dump_group(group(colour="blue"), LANGUAGES)  # unknown key
    with pytest.raises(ValidationError):
        dump_group({k: v for k, v in BASE.items() if k != "contact"}, LANGUAGES)  # missing field
    with pytest.raises(ValidationError):
        dump_group(group(summary={"fr": "Un test."}), LANGUAGES)  # not a site language
    with pytest.raises(ValueError, match="slug"):
        dump_group(group(slug="test-group"), LANGUAGES)
    with pytest.raises(TypeError):
        dump_group(["not", "a", "mapping"], LANGUAGES)


def test_is_canonical(tmp_path):
    assert is_canonical(write(tmp_path, BASE_TEXT))
    assert not is_canonical(write(tmp_path, BASE_TEXT.replace("verified", "# a comment\nverified")))
    assert not is_canonical(write(tmp_path, BASE_TEXT.replace("  en: A test.", "  en: 'A test.'")))
    assert not is_canonical(write(tmp_path, BASE_TEXT + "\n"))
    assert not is_canonical(write(tmp_path, BASE_TEXT.replace("online\n", "in-person\n")))  # no location
    assert not is_canonical(write(tmp_path, "name: [unclosed\n"))


# invoke fmt.


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "groups").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "taxonomy.yaml", folder / "taxonomy.yaml")
    shutil.copytree(ROOT / "content" / "organizations", folder / "organizations")  # the sample names its host
    sample = (ROOT / "content" / "groups" / "haifa-hearing-voices.yaml").read_text(encoding="utf-8")
    schema_line, rest = sample.split("\n", 1)
    # A comment makes the copy non-canonical, as hand-edited files often are.
    (folder / "groups" / "haifa-hearing-voices.yaml").write_text(
        f"{schema_line}\n# Sample data\n{rest}", encoding="utf-8"
    )
    (folder / "groups" / "tidy.yaml").write_text(BASE_TEXT, encoding="utf-8")
    broken = BASE_TEXT.replace("topics: [hearing-voices]", "topics: [hearing-voice]")
    (folder / "groups" / "broken.yaml").write_text(broken, encoding="utf-8")
    return folder


def test_fmt_check_lists_files_and_changes_nothing(content, capsys):
    before = {p: p.read_bytes() for p in (content / "groups").iterdir()}
    assert fmt.main(content=str(content), check=True) == 1
    out = capsys.readouterr().out
    assert "haifa-hearing-voices.yaml\n" in out
    assert "tidy.yaml" not in out
    assert "broken.yaml:6:10: [error] topics[0]: 'hearing-voice' is not in the list of topics" in out
    assert {p: p.read_bytes() for p in (content / "groups").iterdir()} == before


def test_fmt_rewrites_valid_files_and_leaves_broken_ones(content, capsys):
    broken = (content / "groups" / "broken.yaml").read_bytes()
    assert fmt.main(content=str(content)) == 1  # broken.yaml has problems
    assert (content / "groups" / "broken.yaml").read_bytes() == broken
    sample = content / "groups" / "haifa-hearing-voices.yaml"
    assert is_canonical(sample)
    assert "# Sample data" not in sample.read_text(encoding="utf-8")
    assert load_document(sample).data == load_document(ROOT / "content" / "groups" / sample.name).data
    (content / "groups" / "broken.yaml").unlink()
    capsys.readouterr()
    assert fmt.main(content=str(content), check=True) == 0
    assert fmt.main(content=str(content)) == 0
    assert "formatted" not in capsys.readouterr().out


def test_fmt_paths(content, capsys):
    tidy = content / "groups" / "tidy.yaml"
    assert fmt.main([str(tidy)], content=str(content), check=True) == 0
    assert fmt.main([str(content / "groups" / "missing.yaml")], content=str(content), check=True) == 1
    assert "missing.yaml:1:1: [error] no such file" in capsys.readouterr().out
