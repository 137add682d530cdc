"""Schedules: recurrence rules, next dates across daylight-saving changes, words, calendars, browser parity."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from directory.calendar import EventText, group_calendar
from directory.i18n import load_languages
from directory.model import Biweekly, Cohort, Group, Monthly
from directory.render import meeting_when
from directory.schedule import client_rules, next_meetings, occurrences, rrule

from .conftest import LANGUAGES, ROOT, SETTINGS
from .sample import SAMPLE
from .test_model import VALID

ZONE = "Asia/Jerusalem"
TODAY = dt.date(2026, 11, 22)  # a Sunday


def group(*schedule: dict, **changes) -> Group:
    return Group.model_validate({**VALID, "slug": "g", "schedule": list(schedule), **changes})


def dates(g: Group, after=TODAY, days=60) -> list[str]:
    return [o.start.strftime("%a %Y-%m-%d %H:%M") for o in occurrences(g, after, after + dt.timedelta(days=days), ZONE)]


def test_weekly_on_two_days():
    g = group({"repeat": "weekly", "days": ["sun", "wed"], "start": "18:00", "end": "19:30"})
    assert dates(g, days=6) == ["Sun 2026-11-22 18:00", "Wed 2026-11-25 18:00"]
    assert rrule(g.schedule[0]) == "FREQ=WEEKLY;WKST=MO;BYDAY=SU,WE"


def test_every_other_week_counts_from_first_date():
    g = group({"repeat": "biweekly", "days": ["tue"], "first_date": "2026-11-03", "start": "10:00"})
    assert dates(g, days=30) == ["Tue 2026-12-01 10:00", "Tue 2026-12-15 10:00"]


def test_monthly_first_and_last_weekday():
    g = group({"repeat": "monthly", "weeks": [1, -1], "days": ["tue"], "start": "19:00"})
    assert dates(g, days=40) == ["Tue 2026-11-24 19:00", "Tue 2026-12-01 19:00", "Tue 2026-12-29 19:00"]


def test_fifth_monday_is_skipped_in_short_months():
    g = group({"repeat": "monthly", "weeks": [5], "days": ["mon"], "start": "19:00", "skip_short_months": True})
    assert dates(g, days=130) == ["Mon 2026-11-30 19:00", "Mon 2027-03-29 19:00"]


def test_day_of_month_31_skips_short_months():
    g = group({"repeat": "monthly", "day_of_month": 31, "start": "19:00", "skip_short_months": True})
    assert [d.split()[1] for d in dates(g, days=100)] == ["2026-12-31", "2027-01-31"]


def test_cohort_stops_after_its_sessions():
    g = group(
        {
            "repeat": "cohort",
            "days": ["mon"],
            "first_date": "2026-11-23",
            "last_date": "2027-03-01",
            "sessions": 3,
            "start": "17:00",
        }
    )
    assert dates(g, days=200) == ["Mon 2026-11-23 17:00", "Mon 2026-11-30 17:00", "Mon 2026-12-07 17:00"]


def test_paused_group_resumes_after_its_date_and_ended_group_has_none():
    weekly = {"repeat": "weekly", "days": ["sun"], "start": "18:00"}
    assert dates(group(weekly, status="paused", paused_until="2026-12-10"), days=25) == ["Sun 2026-12-13 18:00"]
    assert dates(group(weekly, status="ended")) == []


def test_wall_clock_time_holds_across_daylight_saving():
    g = group({"repeat": "weekly", "days": ["thu"], "start": "18:00"})
    # Israel moves its clocks on Friday 26 March 2027: the meeting stays at 18:00 local time.
    spring = occurrences(g, dt.date(2027, 3, 18), dt.date(2027, 4, 2), ZONE)
    assert [o.start.hour for o in spring] == [18, 18, 18]
    assert [o.start.utcoffset() for o in spring] == [
        dt.timedelta(hours=2),
        dt.timedelta(hours=2),
        dt.timedelta(hours=3),
    ]


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(
        st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, max_size=3, unique=True
    ),
    start=st.times(),
    after=st.dates(dt.date(2026, 1, 1), dt.date(2032, 12, 31)),
    zone=st.sampled_from(["Asia/Jerusalem", "Europe/London", "America/New_York", "Australia/Sydney"]),
)
def test_weekly_meetings_keep_their_weekday_and_wall_time_in_any_zone(days, start, after, zone):
    g = group(
        {
            "repeat": "weekly",
            "days": days,
            "start": start.replace(second=0, microsecond=0).isoformat(timespec="minutes"),
            "timezone": zone,
        }
    )
    found = occurrences(g, after, after + dt.timedelta(days=20), ZONE)  # three whole weeks
    assert len(found) == 3 * len(days)
    for o in found:
        assert o.start.tzinfo == ZoneInfo(zone)
        assert o.start.strftime("%a").lower()[:3] in days
        assert (o.start.hour, o.start.minute) == (start.hour, start.minute)


@pytest.fixture(scope="module")
def languages(translations_path):
    return load_languages(LANGUAGES, SETTINGS["GROUPS_LANGUAGE_INFO_PATH"], str(translations_path))


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (
            {"repeat": "weekly", "days": ["tue"], "start": "18:00"},
            ("בכל יום שלישי", "كل يوم الثلاثاء", "Every Tuesday", "Еженедельно: вторник"),
        ),
        (
            {"repeat": "monthly", "weeks": [1, 3], "days": ["tue"], "start": "18:00"},
            (
                "בכל חודש, ביום שלישי הראשון והשלישי",
                "كل شهر، يوم الثلاثاء الأول والثالث",
                "Every month on the first and third Tuesday",
                "Ежемесячно: вторник в 1-ю и 3-ю неделю месяца",
            ),
        ),
        ({"repeat": "by-arrangement"}, ("בתיאום מראש", "بالتنسيق المسبق", "By arrangement", "По договорённости")),
    ],
)
def test_schedule_in_words(languages, meeting, expected):
    g = group(meeting)
    words = dict(zip(("he", "ar", "en", "ru"), expected, strict=True))
    said = tuple(str(meeting_when(g.schedule[0], languages[code], (), languages)) for code in LANGUAGES)
    assert said == tuple(words[code] for code in LANGUAGES)


@pytest.mark.parametrize("g", SAMPLE, ids=lambda g: g.slug)
def test_calendar_file_expands_to_the_same_dates(g):
    from dateutil.rrule import rrulestr

    text = EventText("name", "summary", "https://example.org/g/", "place")
    calendar = Calendar.from_ical(group_calendar(g, text, default_zone=ZONE, host="example.org"))
    expected = [o.start for o in occurrences(g, TODAY, TODAY + dt.timedelta(days=90), ZONE)]
    found = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        series = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
        window = series.between(
            dt.datetime.combine(TODAY, dt.time(), start.tzinfo),
            dt.datetime.combine(TODAY + dt.timedelta(days=90), dt.time.max, start.tzinfo),
            inc=True,
        )
        found.extend(window)
    assert sorted(found) == expected
    assert calendar.walk("VTIMEZONE") or not expected


def test_calendar_is_reproducible():
    g = SAMPLE[0]
    text = EventText("n", "s", "u", "p")
    assert group_calendar(g, text, default_zone=ZONE, host="h") == group_calendar(g, text, default_zone=ZONE, host="h")


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
