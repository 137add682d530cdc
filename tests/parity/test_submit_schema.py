"""The form's validation (theme/static/js/submit/schema.js, rules.js) agrees with the build's.

Two layers, as in the build:
1. The JSON Schema. schema.js interprets schema/group.schema.json; it must agree with Python's
   jsonschema (Draft 2020-12) on every sample file (valid) and on every invalid fixture whose YAML loads.
   jsonschema checks formats only when asked to, and does not know "time" or "uri" without extra
   packages, so both sides are given the same four formats (date, time, email, uri; see schema.js).
   Which fixtures the schema alone refuses is written down in SCHEMA_LEVEL below: the test fails if that
   changes, so a change in the model that moves a rule into or out of the schema is noticed.
2. The model's own rules (rules.js), with the schema: every sample is valid, and every fixture whose YAML
   loads is refused with a problem on the field its `# expect:` line names.
Fixtures that fail as YAML (syntax, tags, aliases, duplicate keys, a comma cut in {…}) never reach either
layer: the form writes YAML, it never reads it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from directory.checks import EMAIL
from directory.files.reader import group_files, load_document, read_taxonomy
from directory.model import Group
from directory.settings import reader_context
from tests.conftest import FIXTURES, ROOT, SETTINGS
from tests.parity.test_submit_canonical import needs_node, run_node

SCHEMA = json.loads((ROOT / "schema" / "group.schema.json").read_text(encoding="utf-8"))
SAMPLES = group_files(ROOT / "content" / "groups")
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))

# The invalid fixtures the JSON Schema alone refuses (the rest need the model's rules, or fail as YAML).
SCHEMA_LEVEL = {
    "attendance-enum",
    "forming-fields-without-status",
    "forming-looking-for-unknown",
    "forming-without-looking-for",
    "schedule-missing",
    "date-number",
    "description-too-long",
    "languages-too-many",
    "phone-too-long",
    "schedule-too-many",
    "time-number",
    "time-unquoted-integer",
    "time-with-seconds",
    "time-with-zone-offset",
    "topics-too-many",
    "venue-too-long",
    "biweekly-missing-first-date",
    "cost-enum",
    "email-invalid",
    "facilitation-enum",
    "geo-one-number",
    "join-url-http",
    "language-code",
    "missing-contact",
    "missing-name",
    "name-too-long",
    "phone-unquoted",
    "schedule-day-unknown",
    "schedule-kind-unknown",
    "schedule-time-unquoted-bad",
    "topics-empty",
    "unknown-field",
    "unknown-field-typo",
    "unknown-nested-field",
    "verified-not-a-date",
    "website-data",
    "website-javascript",
    "website-vbscript",
    "yaml-slug-field",
}


def _format_checker() -> jsonschema.FormatChecker:
    """The four formats as schema.js reads them (what the model accepts)."""
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date")
    def is_date(value: object) -> bool:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
            return not isinstance(value, str)
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True

    @checker.checks("time")
    def is_time(value: object) -> bool:
        pattern = r"([01]\d|2[0-3]):[0-5]\d"
        return not isinstance(value, str) or re.fullmatch(pattern, value, re.ASCII) is not None

    @checker.checks("email")
    def is_email(value: object) -> bool:
        return not isinstance(value, str) or EMAIL.match(value) is not None

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return (
            not isinstance(value, str) or re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", value) is not None
        )

    return checker


VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=_format_checker())


def loaded(paths: list[Path]) -> dict[str, Any]:
    """The data of each file whose YAML loads, by file stem."""
    found = {}
    for path in paths:
        doc = load_document(path)
        if doc.data is not None and not doc.problems:
            found[path.stem] = doc.data
    return found


def expected_fields(path: Path) -> list[str]:
    """The fields a fixture's `# expect: line:col field` lines name (not "(file)")."""
    return [
        m for m in re.findall(r"^# expect: \d+:\d+ (\S+)$", path.read_text(encoding="utf-8"), re.M) if m != "(file)"
    ]


def context() -> dict[str, Any]:
    """What rules.js needs to know about the site, as the page's configuration gives it."""
    taxonomy, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", SETTINGS["GROUPS_LANGUAGES"])
    assert taxonomy is not None, problems
    return {
        "languages": list(SETTINGS["GROUPS_LANGUAGES"]),
        "taxonomy": {name: list(getattr(taxonomy, name)) for name in ("topics", "audience", "cities")},
        "phoneRegion": SETTINGS["GROUPS_PHONE_REGION"],
        "geoBounds": list(SETTINGS["GROUPS_GEO_BOUNDS"]),
        "today": dt.date.today().isoformat(),
        "charNames": {},
    }


def covers(found: str, expected: str) -> bool:
    """A problem found at `found` is about the field `expected` (one is inside the other)."""
    a, b = (found.replace("[", ".[") + ".", expected.replace("[", ".[") + ".")
    return a.startswith(b) or b.startswith(a)


def test_the_fixtures_are_all_accounted_for():
    names = {p.stem for p in INVALID}
    assert names >= SCHEMA_LEVEL
    assert len(loaded(INVALID)) >= 45


def test_schema_level_fixtures_are_the_documented_ones():
    """Python's jsonschema refuses exactly the fixtures listed in SCHEMA_LEVEL."""
    refused = {name for name, data in loaded(INVALID).items() if not VALIDATOR.is_valid(data)}
    assert refused == SCHEMA_LEVEL


def test_python_jsonschema_accepts_every_sample():
    assert [name for name, data in loaded(SAMPLES).items() if not VALIDATOR.is_valid(data)] == []


@needs_node
def test_javascript_schema_agrees_with_jsonschema_on_samples_and_fixtures():
    cases = {**loaded(SAMPLES), **loaded(INVALID)}
    answers = run_node({"mode": "schema", "schema": SCHEMA, "cases": list(cases.values())})
    for (name, data), errors in zip(cases.items(), answers, strict=True):
        assert (errors == []) == VALIDATOR.is_valid(data), (name, errors)


@needs_node
def test_javascript_schema_points_at_the_expected_field():
    cases = {name: data for name, data in loaded(INVALID).items() if name in SCHEMA_LEVEL}
    answers = run_node({"mode": "schema", "schema": SCHEMA, "cases": list(cases.values())})
    for name, errors in zip(cases, answers, strict=True):
        for expected in expected_fields(FIXTURES / "invalid" / f"{name}.yaml"):
            # The validator points at `status: forming`, the line that asks for looking_for; the schema at the key.
            field = "looking_for" if name == "forming-without-looking-for" else expected
            assert any(covers(e["path"], field) for e in errors), (name, field, errors)


@needs_node
def test_form_validation_accepts_every_sample():
    cases = loaded(SAMPLES)
    answers = run_node({"mode": "validate", "schema": SCHEMA, "context": context(), "cases": list(cases.values())})
    assert {name: errors for name, errors in zip(cases, answers, strict=True) if errors} == {}


@needs_node
def test_form_validation_refuses_every_loadable_fixture_on_its_field():
    cases = loaded(INVALID)
    answers = run_node({"mode": "validate", "schema": SCHEMA, "context": context(), "cases": list(cases.values())})
    for name, errors in zip(cases, answers, strict=True):
        assert errors, name
        fields = expected_fields(FIXTURES / "invalid" / f"{name}.yaml")
        missing = [f for f in fields if not any(covers(e["path"], f) for e in errors)]
        assert missing == [], (name, errors)


def _sample(**changes: Any) -> dict[str, Any]:
    data = load_document(ROOT / "content" / "groups" / "haifa-hearing-voices.yaml").data
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is None:
            del target[last]
        else:
            target[last] = value
    return data


MUTATIONS = [
    ("bad phone", {"contact__phone": "04-555"}, "contact.phone", "phone_invalid"),
    ("not a phone", {"contact__phone": "++"}, "contact.phone", "phone_parse"),
    ("letters in a phone", {"contact__phone": "04-6555abc"}, "contact.phone", "phone_letters"),
    ("vanity phone", {"contact__phone": "1-800-FLOWERS"}, "contact.phone", "phone_letters"),
    ("phone extension", {"contact__phone": "04-655-5010 ext. 12"}, "contact.phone", "phone_extension"),
    ("premium rate", {"contact__phone": "+1 900 555 0123"}, "contact.phone", "phone_premium"),
    ("pager", {"contact__phone": "+44 7654 123456"}, "contact.phone", "phone_type"),
    ("javascript URL", {"contact__website": "javascript:alert(1)"}, "contact.website", "url_scheme"),
    (
        "http join link",
        {"attendance": "hybrid", "online": {"platform": "zoom", "join_url": "http://example.org/j"}},
        "online.join_url",
        "url_scheme",
    ),
    ("credentials", {"contact__website": "https://user:pw@example.org/"}, "contact.website", "url_credentials"),
    ("end at start", {"schedule__0__end": "18:00"}, "schedule[0].end", "end_at_start"),
    ("missing contact way", {"contact": {"name": {"en": "Michal"}}}, "contact", "no_contact"),
    ("missing contact", {"contact": None}, "contact", "missing"),
    ("bad e-mail", {"contact__email": "not-an-address"}, "contact.email", "email"),
    ("bidi control", {"name": {"en": "Voices \u202e group"}}, "name.en", "invisible_line"),
    ("grapheme joiner", {"name": {"en": "Voices\u034f group"}}, "name.en", "invisible_line"),
    ("soft hyphen in text", {"description": {"en": "Voices\u00ad group"}}, "description.en", "invisible_text"),
    ("future", {"verified": "2099-01-01"}, "verified", "future_date"),
    ("before the dates a file may hold", {"verified": "1899-12-31"}, "verified", "date_window"),
    ("listed in the future", {"listed": "2099-01-01"}, "listed", "future_listed"),
    ("day twice", {"schedule__0__days": ["tue", "tue"]}, "schedule[0].days[1]", "listed_twice"),
    ("quotes too deep", {"description": {"en": "> > > > > five"}}, "description.en", "markdown_nesting"),
    (
        "list too deep",
        {"description": {"en": "- 1\n    - 2\n\t\t- 3\n\t\t\t- 4\n\t\t\t\t- 5"}},
        "description.en",
        "markdown_nesting",
    ),
    ("brackets", {"description": {"en": "[" * 31}}, "description.en", "markdown_brackets"),
    (
        "fifth week",
        {"schedule": [{"repeat": "monthly", "weeks": [5], "days": ["mon"], "start": "18:00"}]},
        "schedule[0].weeks",
        "short_months",
    ),
    (
        "cohort order",
        {
            "schedule": [
                {
                    "repeat": "cohort",
                    "days": ["mon"],
                    "first_date": "2026-10-05",
                    "last_date": "2026-10-01",
                    "start": "18:00",
                }
            ]
        },
        "schedule[0].last_date",
        "dates_order",
    ),
    (
        "course too long",
        {
            "schedule": [
                {
                    "repeat": "cohort",
                    "days": ["mon"],
                    "first_date": "2026-10-05",
                    "last_date": "2028-12-01",
                    "start": "18:00",
                }
            ]
        },
        "schedule[0].last_date",
        "course_length",
    ),
    ("time zone", {"schedule__0__timezone": "Europe/Londn"}, "schedule[0].timezone", "timezone"),
    ("no location", {"location": None}, "attendance", "needs_location"),
    ("paused until", {"paused_until": "2027-01-01"}, "paused_until", "paused_until"),
    ("too long", {"name": {"en": "x" * 121}}, "name.en", "too_long"),
    ("outside the map", {"location__geo": [51.5, 0.1]}, "location.geo", "geo_bounds"),
]


@needs_node
def test_form_validation_names_each_problem_as_the_validator_does():
    cases = [_sample(**changes) for _, changes, _, _ in MUTATIONS]
    answers = run_node({"mode": "validate", "schema": SCHEMA, "context": context(), "cases": cases})
    for (label, _, field, code), errors in zip(MUTATIONS, answers, strict=True):
        assert {"path": field, "code": code} in [{"path": e["path"], "code": e["code"]} for e in errors], (
            label,
            errors,
        )


@needs_node
def test_form_validation_accepts_a_meeting_past_midnight_and_a_toll_free_number():
    case = _sample(schedule__0__start="23:30", schedule__0__end="00:30", contact__phone="1-800-200-300")
    (errors,) = run_node({"mode": "validate", "schema": SCHEMA, "context": context(), "cases": [case]})
    assert errors == []
    taxonomy, _ = read_taxonomy(ROOT / "content" / "taxonomy.yaml", SETTINGS["GROUPS_LANGUAGES"])
    group = Group.model_validate({**case, "slug": "late"}, context=reader_context(SETTINGS, taxonomy))
    assert group.schedule[0].ends_next_day


@needs_node
def test_form_isolates_the_phone_number_in_its_message():
    (errors,) = run_node(
        {"mode": "validate", "schema": SCHEMA, "context": context(), "cases": [_sample(contact__phone="04-6555abc")]}
    )
    (problem,) = [e for e in errors if e["path"] == "contact.phone"]
    assert problem["params"]["value"] == "\u206804-6555abc\u2069"
