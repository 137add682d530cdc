"""Group files generated from the model's fields and limits, hostile edge values mixed in, and the invariant
they are held to: the validator never raises, and every file it accepts builds, gets its pages and its
calendars in every language, and adds a bounded amount of work and page weight.

Used by tests/builds/test_generative.py (a few dozen files, one build) and by `invoke fuzz` (as many as asked).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from directory.files.reader import read_group, read_taxonomy
from directory.model import (
    MAX_LANGUAGES,
    MAX_LINE,
    MAX_MARKDOWN_BRACKETS,
    MAX_SCHEDULE,
    MAX_TEXT,
    MAX_TOPICS,
    WEEKDAYS,
)
from directory.settings import reader_context
from plugins.pages import boundary

from .conftest import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = tuple(SETTINGS["GROUPS_LANGUAGES"])
TAXONOMY, _ = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
assert TAXONOMY is not None

# What a file may cost, at most, however it is written within the limits.
MAX_PAGE_BYTES = 160_000  # a group's page in one language
MAX_CALENDAR_BYTES = 64_000  # its .ics file
MAX_GROUP_SECONDS = 3.0  # what the build works out from one group before writing (see boundary.screen)

# Values at the edges of what the model reads, and past them.
EDGE_TEXTS = [
    "[" * MAX_MARKDOWN_BRACKETS + "x" * (MAX_TEXT - MAX_MARKDOWN_BRACKETS),
    "![" * (MAX_MARKDOWN_BRACKETS // 2),
    "[" * (MAX_MARKDOWN_BRACKETS + 1),
    "> > > > deep",
    "> > > > > too deep",
    "- a\n    - b\n        - c\n            - d",
    "*" * MAX_TEXT,
    "_a" * (MAX_TEXT // 2),
    "`" * MAX_TEXT,
    "<" * MAX_TEXT,
    "&#0;&#x110000;&amp;" * 50,
    "<script>alert(1)</script>",
    "{{ 7 * 7 }} {% raw %}",
    "%(name)s %s %",
    "\u202egroup",
    "\u200b",
    "x" * (MAX_TEXT + 1),
    "ש" * MAX_LINE,
    "a\u0301\u0302\u0303" * 30,
    "👩🏽\u200d👧𝕳",
    "\ud800",
]
EDGE_DATES = [
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2024-02-29",
    "2026-02-29",
    "2100-12-31",
    "2101-01-01",
    "9999-12-31",
    20261015,
    "2026-10-15T00:00:00",
    "15/10/2026",
]
EDGE_TIMES = ["00:00", "23:59", "24:00", "18:00+02:00", "18:00:00", "6pm", 1800, 18.5, 0, -1, True]
ZONES = ["Asia/Jerusalem", "Pacific/Kiritimati", "Etc/GMT+12", "America/New_York", "UTC", "Europe/Londn"]


# Letters, marks, digits, punctuation, symbols and spaces of every script: what people type.
_TYPED = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"))


def _texts(max_size: int, one_line: bool) -> st.SearchStrategy[str]:
    """Texts within the limits: typed characters, words of the site's languages, a little Markdown."""
    typed = st.text(_TYPED, min_size=1, max_size=min(max_size, 80)).map(lambda t: "x" + t)
    words = ["שלום", "مرحبا", "group", "**bold**", "_it_", "[a](https://e.org)", "<b>", "{{ x }}", "%s"]
    if not one_line:
        words += ["\n\n- item", "\n> quote", "\n1. one", "\n# head", "\n    code"]
    phrase = st.lists(st.sampled_from(words), min_size=1, max_size=30).map(" ".join)
    return st.one_of(typed, phrase)


def _localized(max_size: int, one_line: bool = False) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(LANGUAGES), _texts(max_size, one_line), min_size=1, max_size=3)


def _keys(vocabulary: str, limit: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(list(getattr(TAXONOMY, vocabulary))), min_size=1, max_size=limit, unique=True)


DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
PAST_DATES = st.dates(dt.date(1900, 1, 1), dt.date(2026, 11, 22)).map(dt.date.isoformat)
DAYS = st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True)


@st.composite
def _times(draw: st.DrawFn) -> dict[str, str]:
    start = draw(st.times())
    found = {"start": f"{start:%H:%M}"}
    end = draw(st.none() | st.times())
    if end is not None and f"{end:%H:%M}" != found["start"]:  # an earlier end is the next day
        found["end"] = f"{end:%H:%M}"
    if draw(st.booleans()):
        found["timezone"] = draw(st.sampled_from(ZONES[:-1]))
    return found


@st.composite
def _meeting(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["weekly", "biweekly", "monthly", "monthly", "cohort", "by-arrangement", "ongoing"]))
    if kind in ("by-arrangement", "ongoing"):
        note = draw(st.none() | _localized(MAX_TEXT))
        return {"repeat": kind, **({"note": note} if note else {})}
    found: dict[str, Any] = {"repeat": kind}
    if kind == "monthly":
        if draw(st.booleans()):
            found["day_of_month"] = draw(st.integers(1, 31))
        else:
            found["weeks"] = draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, -1]), min_size=1, max_size=6, unique=True))
            found["days"] = draw(DAYS)
        found["skip_short_months"] = True
    else:
        found["days"] = draw(DAYS)
    if kind in ("biweekly", "cohort"):
        found["first_date"] = draw(DATES)
    if kind == "cohort":
        first = dt.date.fromisoformat(found["first_date"])
        last = min(first + dt.timedelta(days=draw(st.integers(0, 2 * 366))), dt.date(2100, 12, 31))
        found["last_date"] = last.isoformat()
        if draw(st.booleans()):
            found["sessions"] = draw(st.integers(1, 200))
    return {**found, **draw(_times())}


@st.composite
def valid_group(draw: st.DrawFn) -> dict[str, Any]:
    """A group file the model accepts, any field at any value within its limits."""
    attendance = draw(st.sampled_from(["in-person", "online", "hybrid"]))
    data: dict[str, Any] = {
        "name": draw(_localized(120, one_line=True)),
        "summary": draw(_localized(200, one_line=True)),
        "topics": draw(_keys("topics", MAX_TOPICS)),
        "facilitation": draw(st.sampled_from(["peer", "professional", "co-facilitated"])),
        "languages": draw(
            st.lists(
                st.sampled_from(["he", "ar", "en", "ru", "am", "fr", "es", "de", "yi", "ti"]),
                min_size=1,
                max_size=MAX_LANGUAGES,
                unique=True,
            )
        ),
        "attendance": attendance,
        "membership": draw(st.sampled_from(["open", "registration"])),
        "cost": draw(st.sampled_from(["free", "donation", "fee"])),
        "schedule": draw(st.lists(_meeting(), min_size=1, max_size=MAX_SCHEDULE)),
        "contact": {"phone": draw(st.sampled_from(["04-555-0101", "+972 4-555-0101", "052-555-0101"]))},
        "verified": draw(PAST_DATES),
    }
    optional = {
        "description": _localized(MAX_TEXT),
        "audience": _keys("audience", MAX_TOPICS),
        "facilitator": _localized(MAX_TEXT),
        "organization": _localized(MAX_LINE, one_line=True),
        "cost_note": _localized(MAX_LINE, one_line=True),
        "listed": PAST_DATES,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    if attendance != "online":
        data["location"] = {"city": draw(st.sampled_from(list(TAXONOMY.cities)))}
        if draw(st.booleans()):
            data["location"]["directions"] = draw(_localized(MAX_TEXT))
    if attendance != "in-person":
        data["online"] = {"platform": draw(st.sampled_from(["zoom", "jitsi", "whatsapp", "forum", "other"]))}
    status = draw(st.sampled_from(["active", "active", "paused", "ended", "forming"]))
    if status != "active":
        data["status"] = status
    if status == "paused" and draw(st.booleans()):
        data["paused_until"] = draw(DATES)
    if status == "forming":  # a group being founded: whom it looks for, maybe no schedule yet
        data["looking_for"] = draw(st.sampled_from([["members"], ["co-facilitator"], ["members", "co-facilitator"]]))
        if draw(st.booleans()):
            data["planned_start"] = draw(DATES)
        if draw(st.booleans()):
            data["how_to_join"] = draw(_localized(MAX_TEXT))
        if draw(st.booleans()):
            del data["schedule"]
    return data


# Where a hostile value goes: (path, values).
_EDGES: list[tuple[tuple[Any, ...], list[Any]]] = [
    (("description", "he"), EDGE_TEXTS),
    (("name", "en"), EDGE_TEXTS),
    (("summary", "ar"), EDGE_TEXTS),
    (("verified",), EDGE_DATES),
    (("listed",), EDGE_DATES),
    (("schedule", 0, "start"), EDGE_TIMES),
    (("schedule", 0, "end"), EDGE_TIMES),
    (("schedule", 0, "first_date"), EDGE_DATES),
    (("schedule", 0, "last_date"), EDGE_DATES),
    (("schedule", 0, "days"), [["mon"] * 8, list(WEEKDAYS), []]),
    (("schedule", 0, "timezone"), ZONES),
    (("languages",), [["he"] * 2, ["xx"] * 11, [f"a{c}" for c in "abcdefghijk"]]),
    (("schedule",), [[{"repeat": "weekly", "days": list(WEEKDAYS), "start": "00:00"}] * (MAX_SCHEDULE + 1)]),
    (("paused_until",), EDGE_DATES),
    (("location",), [{"city": "haifa", "geo": [[[[[[[[[[1]]]]]]]]]]}, {"city": "haifa", "geo": [float("nan"), 35]}]),
]


@st.composite
def group_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid group file, sometimes with one or two values set at or past a limit."""
    data = draw(valid_group())
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        path, values = draw(st.sampled_from(_EDGES))
        target = data
        for part in path[:-1]:
            if isinstance(target, dict):
                target = target.setdefault(part, {})
            elif isinstance(target, list) and isinstance(part, int) and part < len(target):
                target = target[part]
        if isinstance(target, dict) or (isinstance(target, list) and path[-1] < len(target)):
            target[path[-1]] = draw(st.sampled_from(values))
    return data


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


@dataclass
class Examples:
    """Generated group files: those the validator accepted and those it refused."""

    accepted: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def write_examples(folder: Path, count: int, *, derandomize: bool, prefix: str = "gen") -> Examples:
    """Write `count` generated group files into `folder`; check on each that the validator never raises."""
    folder.mkdir(parents=True, exist_ok=True)
    context = reader_context(SETTINGS, TAXONOMY, dt.date(2026, 11, 22))
    found = Examples()

    @settings(
        max_examples=count,
        derandomize=derandomize,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # every example is kept for the build: no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(group_data())
    def one_file(data: dict[str, Any]) -> None:
        slug = f"{prefix}-{len(found.accepted) + len(found.refused):04d}"
        path = folder / f"{slug}.yaml"
        try:
            path.write_text(_dump(data), encoding="utf-8")
        except UnicodeEncodeError:  # a lone surrogate: write the bytes a careless editor would
            path.write_bytes(_dump(data).encode("utf-8", "surrogatepass"))
        group, problems = read_group(path, context)  # must not raise
        assert (group is None) == any(p.level == "error" for p in problems), problems
        (found.accepted if group is not None else found.refused).append(slug)

    one_file()
    return found


@dataclass
class BuildCheck:
    """What one build of generated files showed."""

    left_out: dict[str, str]
    missing: list[str]
    too_heavy: list[str]
    too_slow: list[str]
    seconds: dict[str, float]

    @property
    def failures(self) -> list[str]:
        """Every way the invariant was broken."""
        return [
            *(f"{slug}: left out: {problem}" for slug, problem in self.left_out.items()),
            *self.missing,
            *self.too_heavy,
            *self.too_slow,
        ]


def check_build(content: Path, output: Path, accepted: list[str], build: Callable[[Path, Path], None]) -> BuildCheck:
    """Build `content` once; check every accepted group got its pages and calendars, light and fast enough."""
    seen: dict[str, Any] = {}
    real_screen, real_leave_out = boundary.screen, boundary.leave_out

    def screen(context: dict[str, Any]) -> Any:
        seen["context"] = context
        return real_screen(context)

    left_out: dict[str, str] = {}

    def leave_out(context: dict[str, Any], problems: dict[str, Any]) -> None:
        left_out.update({slug: str(problem) for slug, problem in problems.items()})
        real_leave_out(context, problems)

    boundary.screen, boundary.leave_out = screen, leave_out
    try:
        shutil.rmtree(output, ignore_errors=True)
        build(content, output)
    finally:
        boundary.screen, boundary.leave_out = real_screen, real_leave_out
    seconds: dict[str, float] = dict(seen.get("context", {}).get("groups_seconds", {}))
    missing, heavy = [], []
    for slug in accepted:
        for lang in LANGUAGES:
            folder = output / lang / "groups" / slug
            page, calendar = folder / "index.html", folder / f"{slug}.ics"
            if not (page.exists() and calendar.exists()):
                missing.append(f"{slug}: no page or calendar in {lang}")
                continue
            if page.stat().st_size > MAX_PAGE_BYTES or calendar.stat().st_size > MAX_CALENDAR_BYTES:
                heavy.append(f"{slug}: {lang} page {page.stat().st_size} bytes, calendar {calendar.stat().st_size}")
    slow = [f"{slug}: {s:.1f} s before writing" for slug, s in seconds.items() if s > MAX_GROUP_SECONDS]
    return BuildCheck(left_out, missing, heavy, slow, seconds)


def prepare_site(folder: Path, examples: int, copies: int, *, derandomize: bool) -> tuple[Path, list[str], Examples]:
    """A content folder: the sample groups, the hostile corpus (valid and invalid), `copies` files sharing every value, and
    `examples` generated files. Returns it, the slugs that must be built, and the generated files."""
    content = folder / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(ROOT / "content", content)
    groups = content / "groups"
    expected = [path.stem for path in groups.glob("*.yaml")]
    for path in sorted((ROOT / "tests" / "fixtures" / "hostile" / "valid").glob("*.yaml")):
        shutil.copy(path, groups / f"hostile-{path.name}")
        expected.append(f"hostile-{path.stem}")
    for path in sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.yaml")):
        shutil.copy(path, groups / f"invalid-{path.name}")  # reported and skipped, never a traceback
    same = (groups / "haifa-hearing-voices.yaml").read_bytes()
    for number in range(copies):
        (groups / f"same-{number:04d}.yaml").write_bytes(same)
        expected.append(f"same-{number:04d}")
    generated = write_examples(groups, examples, derandomize=derandomize)
    return content, expected + generated.accepted, generated
