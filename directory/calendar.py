"""An iCalendar file per group: one recurring event per schedule entry, with its time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from icalendar import Calendar, Event, Timezone, vRecur, vText
from icalendar.caselessdict import canonsort_keys
from icalendar.parser import Contentline, Parameters

from directory.model import Group
from directory.schedule import Answers, first_occurrence, rrule, zone


@dataclass(frozen=True)
class EventText:
    """What a calendar event says, in the language of the page it was added from."""

    name: str
    summary: str
    url: str
    place: str


def group_calendar(group: Group, text: EventText, *, default_zone: str, host: str) -> bytes:
    """The .ics text of a group's meetings; byte-identical for the same content (no build time inside).

    The events are icalendar objects; the calendar around them is not: serialising a Calendar object
    walks the whole tree again for its time zones and re-encodes its constant head, a quarter of the
    time of a file at 30,000 files a build. The bytes are those Calendar.to_ical() gives.
    """
    # A group that has ended, or is still being founded, holds no meetings to add.
    timed = [] if group.status in ("ended", "forming") else _timed(group, default_zone, host)
    # Not add_missing_timezones(): it rebuilds each VTIMEZONE (1970-2038) for every file, which took most
    # of a build's time, and adds them in set order, which changes between runs when there are two.
    used = sorted({tzid for lines in timed for tzid in lines.tzids})
    zones = b"".join(filter(None, map(_timezone_ical, used)))
    name = fold(Contentline.from_parts("X-WR-CALNAME", Parameters(), vText(text.name)))
    events = _text_lines(text)
    return b"".join([_head(), name, b"\r\n", zones, *(lines.event(events) for lines in timed), b"END:VCALENDAR\r\n"])


@dataclass(frozen=True)
class _Lines:
    """An event's content lines as Event.to_ical() folds them, by property name, and the time zones it names."""

    lines: dict[str, bytes]
    tzids: frozenset[str] = frozenset()

    def event(self, text: _Lines) -> bytes:
        """The VEVENT with the page language's `text` lines, as Event.to_ical() orders them."""
        lines = {**self.lines, **text.lines}
        names = canonsort_keys(lines, Event.canonical_order)
        return b"\r\n".join([b"BEGIN:VEVENT", *(lines[name] for name in names), b"END:VEVENT"]) + b"\r\n"


def _content_lines(event: Event) -> dict[str, bytes]:
    return {name: fold(event.content_line(name, value)) for name, value in event.items()}


def fold(line: str, limit: int = 75) -> bytes:
    """A content line as Contentline.to_ical() folds and encodes it, cut in UTF-8 bytes instead of character by character.

    icalendar's folding measures each character's encoding in a Python loop: a tenth of a calendar's
    time. The cuts are the same: at most limit - 1 bytes a line, never inside a character, and a
    trailing backslash or caret carried over to the next line with what it escapes (tests/unit/directory).
    """
    data = line.encode("utf-8")
    parts, start = [], 0
    while len(data) - start >= limit:
        end = start + limit - 1
        while 0x80 <= data[end] < 0xC0:  # a continuation byte: cut before its character
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


# What does not depend on the page's language (times, rule, UID) is the same in the group's four
# calendars: made once per group, as long as the group object lives.
_meetings = Answers()


def _timed(group: Group, default_zone: str, host: str) -> list[_Lines]:
    """The language-free lines of each meeting's event (UID, DTSTAMP, DTSTART, DTEND, RRULE)."""

    def make() -> list[_Lines]:
        found = (
            _event(group, i, meeting, default_zone=default_zone, host=host) for i, meeting in enumerate(group.schedule)
        )
        return [_Lines(_content_lines(event), frozenset(_tzids(event))) for event in found if event is not None]

    return _meetings.get(group, ("calendar", default_zone, host), make)


def _text_lines(text: EventText) -> _Lines:
    """The lines of an event in the page's language (SUMMARY, DESCRIPTION, URL, LOCATION)."""
    event = Event()
    event.add("summary", text.name)
    event.add("description", f"{text.summary}\n{text.url}")
    event.add("url", text.url)
    if text.place:
        event.add("location", text.place)
    return _Lines(_content_lines(event))


def _tzids(event: Event) -> set[str]:
    """The time zones an event names (UTC needs none: its times end in Z)."""
    return {value.params.get("TZID") for value in event.values() if hasattr(value, "params")} - {None, "UTC"}


@cache
def _head() -> bytes:
    """What every file starts with, as Calendar.to_ical() writes it: made once per process."""
    calendar = Calendar()
    calendar.add("prodid", "-//Support groups directory//EN")
    calendar.add("version", "2.0")
    return calendar.to_ical().removesuffix(b"END:VCALENDAR\r\n")


@cache
def _timezone_ical(tzid: str) -> bytes | None:
    """The VTIMEZONE of a time zone as add_missing_timezones() writes it, made once per process."""
    try:
        return Timezone.from_tzid(tzid).to_ical()
    except ValueError:  # unknown to the tz database: left out, as add_missing_timezones() does
        return None


def _event(group: Group, index: int, meeting: object, *, default_zone: str, host: str) -> Event | None:
    rule, first = rrule(meeting), first_occurrence(meeting, group)
    if rule is None or first is None:
        return None
    tz = zone(meeting, default_zone)
    event = Event()
    event.add("uid", f"{group.slug}-{index}@{host}")
    # DTSTAMP must be present; the verification date keeps the file reproducible.
    event.add("dtstamp", dt.datetime.combine(group.verified, dt.time(), dt.UTC))
    start = first.replace(tzinfo=tz)
    event.add("dtstart", start)
    if meeting.end:
        event.add("dtend", meeting.end_after(start))  # the next day when the meeting goes past midnight
    event.add("rrule", vRecur.from_ical(rule))
    return event
