"""Meeting schedules as iCalendar recurrence rules, expanded into dates.

One rule per meeting serves everything: the next dates on a group page, the .ics calendar file,
the open-data exports and the browser's refresh of the next dates. Meetings are in wall-clock time
of their time zone, so a weekly 18:00 meeting stays at 18:00 across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from directory.model import WEEKDAYS, Biweekly, Cohort, Group, Monthly, Unscheduled, Weekly

BYDAY = {day: day[:2].upper() for day in WEEKDAYS}


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later`."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


@dataclass(frozen=True)
class Occurrence:
    """One meeting on one day: start and end as aware datetimes in the meeting's time zone."""

    start: dt.datetime
    end: dt.datetime | None
    index: int  # which entry of the group's schedule


def _days(days: list[str]) -> str:
    return ",".join(BYDAY[d] for d in days)


def rrule(meeting: object) -> str | None:
    """The meeting's RRULE (RFC 5545) value, or None for unscheduled meetings."""
    if isinstance(meeting, Weekly):
        return f"FREQ=WEEKLY;WKST=MO;BYDAY={_days(meeting.days)}"
    if isinstance(meeting, Biweekly):
        return f"FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY={_days(meeting.days)}"
    if isinstance(meeting, Monthly):
        if meeting.day_of_month:
            return f"FREQ=MONTHLY;BYMONTHDAY={meeting.day_of_month}"
        return "FREQ=MONTHLY;BYDAY=" + ",".join(
            f"{w}{BYDAY[d]}" for w in meeting.weeks or [] for d in meeting.days or []
        )
    if isinstance(meeting, Cohort):
        last = meeting.last_date  # not %Y: it does not pad the years before 1000
        limit = f"COUNT={meeting.sessions}" if meeting.sessions else f"UNTIL={last.year:04d}{last:%m%d}T235959"
        return f"FREQ=WEEKLY;WKST=MO;BYDAY={_days(meeting.days)};{limit}"
    return None


def series_start(meeting: object, group: Group) -> dt.date:
    """The first day the series can start: its own first date, else when the details were confirmed."""
    if isinstance(meeting, Biweekly):
        # Weeks count from the Monday of first_date's week, as WKST=MO does in the RRULE.
        return meeting.first_date - dt.timedelta(days=meeting.first_date.weekday())
    if isinstance(meeting, Cohort):
        return meeting.first_date
    return group.verified


def zone(meeting: object, default: str) -> ZoneInfo:
    """The meeting's time zone."""
    return ZoneInfo(getattr(meeting, "timezone", None) or default)


# The most dates worked out for one meeting in one question: a meeting every day for a year and more.
MAX_OCCURRENCES = 500


def _expansion_start(meeting: object, group: Group, after: dt.date) -> dt.date:
    """Where to start expanding a rule to find its dates from `after` on: never years before `after`."""
    if isinstance(meeting, Weekly | Monthly):
        return after  # their dates do not depend on where the series starts
    begin = series_start(meeting, group)
    if isinstance(meeting, Biweekly) and after > begin:
        # The week pairs count from the first date's week: start at the last pair that begins by `after`.
        begin += dt.timedelta(days=(after - begin).days // 14 * 14)
    return begin  # a cohort counts its sessions from its first date (and lasts two years at most)


def _expand(
    meeting: object, group: Group, after: dt.date, until: dt.date, limit: int = MAX_OCCURRENCES
) -> list[dt.datetime]:
    """Wall-clock starts of a meeting between two days (inclusive), by its rule; at most `limit` of them."""
    rule = rrule(meeting)
    if rule is None:
        return []
    start = dt.datetime.combine(_expansion_start(meeting, group, after), meeting.start)
    series = rrulestr(f"RRULE:{rule}", dtstart=start)
    first = dt.datetime.combine(after, dt.time())
    last = dt.datetime.combine(until, dt.time.max)
    lowest = getattr(meeting, "first_date", dt.date.min) if isinstance(meeting, Biweekly | Cohort) else dt.date.min
    highest = meeting.last_date if isinstance(meeting, Cohort) else dt.date.max
    found: list[dt.datetime] = []
    for day in series.xafter(first, inc=True):
        if day > last or day.date() > highest or len(found) >= limit:
            break
        if day.date() >= lowest:
            found.append(day)
    return found


def first_occurrence(meeting: object, group: Group) -> dt.datetime | None:
    """The first real meeting of a series (after a pause), as wall-clock time: the .ics DTSTART."""
    begin = series_start(meeting, group)
    if group.status == "paused" and group.paused_until:
        begin = max(begin, group.paused_until)

    def first() -> dt.datetime | None:
        # Most series meet within two months of their start: expanding a whole year first is not needed.
        dates = _expand(meeting, group, begin, begin + dt.timedelta(days=62), 1)
        dates = dates or _expand(meeting, group, begin, begin + dt.timedelta(days=400), 1)
        return dates[0] if dates else None

    # The calendar of each language and the exports ask for the same meeting: answer once per build.
    return _answers.get(meeting, ("first", begin), first)


class Answers:
    """Answers about one model object (a group, a meeting), kept while that very object lives.

    Models are not hashable (they hold lists), and a page in each language asks the same questions
    of the same object; keyed by id(), with the object kept so that its id is not reused.
    """

    def __init__(self) -> None:
        self.found: dict[tuple[int, Any], tuple[object, Any]] = {}

    def get(self, model: object, question: Any, answer: Callable[[], Any]) -> Any:
        """The answer to `question` about `model`, worked out once."""
        key = (id(model), question)
        found = self.found.get(key)
        if found is not None and found[0] is model:
            return found[1]
        if len(self.found) > 200_000:  # a long preview session builds again and again: do not grow for ever
            self.found.clear()
        value = answer()
        self.found[key] = (model, value)
        return value


_answers = Answers()


def occurrences(
    group: Group, after: dt.date, until: dt.date, default_zone: str, limit: int = MAX_OCCURRENCES
) -> list[Occurrence]:
    """Every meeting of a group between two days, in order (the first `limit` of each entry); none while paused or once ended."""
    if group.status in ("ended", "forming"):
        return []
    if group.status == "paused":
        if not group.paused_until:
            return []
        after = max(after, group.paused_until)
    found = []
    for index, meeting in enumerate(group.schedule):
        if isinstance(meeting, Unscheduled):
            continue
        tz = zone(meeting, default_zone)
        for start in _expand(meeting, group, after, until, limit):
            begins = start.replace(tzinfo=tz)
            found.append(Occurrence(begins, meeting.end_after(begins), index))
    return sorted(found, key=lambda o: (o.start, o.index))


def next_meetings(group: Group, today: dt.date, default_zone: str, count: int = 3) -> list[Occurrence]:
    """The next `count` meetings from today on (looking a year ahead)."""

    def expand() -> list[Occurrence]:
        # Most groups meet every week or month: when two months hold `count` meetings, they are the
        # first ones of the year too, and expanding a year of dates for every page is not needed.
        # Each entry of the schedule adds at most `count` meetings: the first ones are among them.
        found = occurrences(group, today, today + dt.timedelta(days=62), default_zone, count)
        if len(found) < count:
            found = occurrences(group, today, today + dt.timedelta(days=400), default_zone, count)
        return found[:count]

    # The group's page in each language asks the same: answer once per build.
    return list(_answers.get(group, ("next", today, default_zone, count), expand))


def weekdays(group: Group) -> set[str]:
    """The days of the week the group meets on, for browsing by day (none before it meets)."""
    days: set[str] = set()
    if group.is_forming:
        return days
    for meeting in group.schedule:
        days.update(getattr(meeting, "days", None) or [])
        if isinstance(meeting, Monthly) and meeting.day_of_month:
            days.update(WEEKDAYS)  # a day of the month falls on any weekday
    return days


def client_rules(group: Group, default_zone: str) -> list[dict[str, object]]:
    """What the browser needs to recompute the next dates: the same rules, as plain data."""
    rules: list[dict[str, object]] = []
    if group.is_forming:
        return rules
    for meeting in group.schedule:
        rule = rrule(meeting)
        if rule is None:
            continue
        last = getattr(meeting, "last_date", None)
        if isinstance(meeting, Cohort) and meeting.sessions:
            # The browser does not count sessions: give it the day of the last one instead.
            held = _expand(meeting, group, meeting.first_date, meeting.last_date)
            last = held[-1].date() if held else last
        rules.append(
            {
                "rrule": rule,
                "start": series_start(meeting, group).isoformat(),
                "first": getattr(meeting, "first_date", None) and meeting.first_date.isoformat(),
                "last": last and last.isoformat(),
                "time": f"{meeting.start:%H:%M}",
                "end": f"{meeting.end:%H:%M}" if meeting.end else None,
                "zone": getattr(meeting, "timezone", None) or default_zone,
            }
        )
    return rules
