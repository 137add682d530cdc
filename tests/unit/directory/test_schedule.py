"""Schedules: recurrence rules, next dates across daylight-saving changes, words, calendars (the browser's half: tests/parity/test_next_dates.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from directory.calendar import EventText, fold, group_calendar
from directory.i18n import load_languages
from directory.model import Group
from directory.render import meeting_when
from directory.schedule import occurrences, rrule
from tests.conftest import LANGUAGES, SETTINGS
from tests.sample import SAMPLE
from tests.unit.directory.test_model import VALID

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


# Lines of every width around the fold: ASCII, Hebrew and Arabic (2 bytes), CJK (3), emoji (4), escapes.
_LINE_CHARS = st.sampled_from(["a", " ", ";", "\\", "^", "ש", "ع", "€", "中", "😀", ","])


@settings(max_examples=400)
@given(
    st.lists(_LINE_CHARS, max_size=260).map("".join)
    | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=200)
)
def test_fold_is_icalendars_folding(line):
    """fold() cuts and encodes a content line exactly where icalendar's Contentline.to_ical() does."""
    from icalendar.parser import Contentline

    assert fold(line) == Contentline(line).to_ical()


def test_calendar_is_reproducible():
    g = SAMPLE[0]
    text = EventText("n", "s", "u", "p")
    assert group_calendar(g, text, default_zone=ZONE, host="h") == group_calendar(g, text, default_zone=ZONE, host="h")


@pytest.mark.parametrize("g", SAMPLE, ids=lambda g: g.slug)
def test_calendar_events_are_what_icalendar_writes_in_every_language(g):
    """The lines shared by a group's calendars in each language are Event.to_ical()'s, in its order and folding."""
    from icalendar import Event, vRecur

    from directory.schedule import first_occurrence, zone

    texts = [
        EventText("קבוצת תמיכה " * 9, "نص طويل جدا " * 12, "https://example.org/he/groups/x/", "רחוב הרצל 1, חיפה"),
        EventText("A group", "Summary; with, commas\\n", "https://example.org/en/groups/x/", ""),
    ]
    for text in texts:
        expected = []
        for index, meeting in enumerate([] if g.status in ("ended", "forming") else g.schedule):
            rule, first = rrule(meeting), first_occurrence(meeting, g)
            if rule is None or first is None:
                continue
            event = Event()
            event.add("uid", f"{g.slug}-{index}@example.org")
            event.add("dtstamp", dt.datetime.combine(g.verified, dt.time(), dt.UTC))
            event.add("summary", text.name)
            event.add("description", f"{text.summary}\n{text.url}")
            event.add("url", text.url)
            if text.place:
                event.add("location", text.place)
            start = first.replace(tzinfo=zone(meeting, ZONE))
            event.add("dtstart", start)
            if meeting.end:
                event.add("dtend", meeting.end_after(start))
            event.add("rrule", vRecur.from_ical(rule))
            expected.append(event.to_ical())
        made = group_calendar(g, text, default_zone=ZONE, host="example.org")
        assert made.count(b"BEGIN:VEVENT") == len(expected)
        assert b"".join(expected) in made
