"""Next meeting dates: the page's next-dates.js (run in node) and the build's schedule agree, any year, past midnight."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from icalendar import Calendar

from directory.calendar import EventText, group_calendar
from directory.model import Biweekly, Cohort, Group, Monthly
from directory.schedule import client_rules, next_meetings, occurrences
from tests.conftest import ROOT
from tests.sample import SAMPLE
from tests.unit.directory.test_schedule import TODAY, ZONE, group


def test_browser_computes_the_same_next_dates(tmp_path):
    """The page's JavaScript and the build agree for every sample group, today and a month later."""
    cases = []
    for g in SAMPLE:
        for today in (TODAY, TODAY + dt.timedelta(days=37)):
            paused = g.paused_until.isoformat() if g.status == "paused" and g.paused_until else None
            schedule = {"rules": client_rules(g, ZONE), "from": paused}
            if g.status == "ended" or (g.status == "paused" and not paused):
                continue
            expected = [o.start.date().isoformat() for o in next_meetings(g, today, ZONE)]
            cases.append({"slug": g.slug, "today": today.isoformat(), "schedule": schedule, "expected": expected})
    assert browser_disagrees(tmp_path, cases) == []
    assert len(cases) >= 60


def browser_disagrees(tmp_path, cases: list[dict]) -> list:
    """The cases where the page's next-dates.js (run in node) finds other dates than `expected`."""
    script = ROOT / "theme" / "static" / "js" / "next-dates.js"
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    code = (
        f"import {{ nextMeetings }} from {json.dumps(script.as_uri())};"
        f"import {{ readFileSync }} from 'node:fs';"
        f"const cases = JSON.parse(readFileSync({json.dumps(str(tmp_path / 'cases.json'))}, 'utf8'));"
        "const bad = cases.filter(c => JSON.stringify(nextMeetings(c.schedule, 3, c.today).map(m => m.date)) !== JSON.stringify(c.expected))"
        ".map(c => [c.slug, c.today, c.expected, nextMeetings(c.schedule, 3, c.today).map(m => m.date)]);"
        "console.log(JSON.stringify(bad));"
    )
    result = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("year", [1, 50, 99, 100, 1900, 2100])
def test_browser_counts_years_below_100_as_written(tmp_path, year):
    """Date.UTC reads the years 0-99 as 1900-1999: the script must not (parity with the build, any year)."""
    first = dt.date(year, 3, 2)
    meetings = [
        Biweekly.model_construct(repeat="biweekly", days=["tue", "fri"], first_date=first, start=dt.time(18), end=None),
        Monthly.model_construct(
            repeat="monthly", weeks=[-1], days=["mon"], day_of_month=None, start=dt.time(9), end=None
        ),
        Cohort.model_construct(
            repeat="cohort",
            days=["wed"],
            first_date=first,
            last_date=first + dt.timedelta(days=20),
            sessions=None,
            start=dt.time(10),
            end=None,
        ),
    ]
    cases = []
    for index, meeting in enumerate(meetings):
        verified = first - dt.timedelta(days=30)  # as in a real file: before today
        g = Group.model_construct(slug=f"y{year}-{index}", schedule=[meeting], verified=verified, status="active")
        for today in (first - dt.timedelta(days=3), first + dt.timedelta(days=9)):
            expected = [o.start.date().isoformat() for o in next_meetings(g, today, ZONE)]
            schedule = {"rules": client_rules(g, ZONE), "from": None}
            cases.append({"slug": g.slug, "today": today.isoformat(), "schedule": schedule, "expected": expected})
    assert all(case["expected"] for case in cases)
    assert browser_disagrees(tmp_path, cases) == []


def test_a_meeting_past_midnight_ends_the_next_day_everywhere():
    """Saturday 23:30-00:30: occurrences, the .ics DTEND and the browser's next dates agree."""
    g = group({"repeat": "weekly", "days": ["sat"], "start": "23:30", "end": "00:30"})
    (first, *_) = occurrences(g, TODAY, TODAY + dt.timedelta(days=7), ZONE)
    assert (first.start.isoformat(), first.end.isoformat()) == (
        "2026-11-28T23:30:00+02:00",
        "2026-11-29T00:30:00+02:00",
    )
    text = EventText("n", "s", "https://example.org/g/", "")
    (event,) = Calendar.from_ical(group_calendar(g, text, default_zone=ZONE, host="h")).walk("VEVENT")
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(hours=1)
    script = ROOT / "theme" / "static" / "js" / "next-dates.js"
    schedule = {"rules": client_rules(g, ZONE), "from": None}
    code = (
        f"import {{ nextMeetings }} from {json.dumps(script.as_uri())};"
        f"console.log(JSON.stringify(nextMeetings({json.dumps(schedule)}, 1, {json.dumps(TODAY.isoformat())})));"
    )
    result = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [{"date": "2026-11-28", "time": "23:30", "end": "00:30"}]


def _browser_next(schedule: dict, today: str, now: str) -> list[dict]:
    """The browser's next dates (theme/static/js/next-dates.js) for a day and a time of day."""
    script = ROOT / "theme" / "static" / "js" / "next-dates.js"
    code = (
        f"import {{ nextMeetings }} from {json.dumps(script.as_uri())};"
        f"console.log(JSON.stringify(nextMeetings({json.dumps(schedule)}, 1, {json.dumps(today)}, {json.dumps(now)})));"
    )
    result = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_browser_leaves_out_a_meeting_of_today_once_it_has_ended():
    """Saturday 18:00-19:30: at 19:00 it is still today's; at 19:30 the next is a week later."""
    g = group({"repeat": "weekly", "days": ["sat"], "start": "18:00", "end": "19:30"})
    schedule = {"rules": client_rules(g, ZONE), "from": None}
    saturday = TODAY + dt.timedelta(days=6)
    today = saturday.isoformat()
    assert _browser_next(schedule, today, "19:00")[0]["date"] == today
    assert _browser_next(schedule, today, "19:30")[0]["date"] == (saturday + dt.timedelta(days=7)).isoformat()
    # One that ends after midnight has not ended at 23:59.
    late = group({"repeat": "weekly", "days": ["sat"], "start": "23:30", "end": "00:30"})
    assert _browser_next({"rules": client_rules(late, ZONE), "from": None}, today, "23:59")[0]["date"] == today
