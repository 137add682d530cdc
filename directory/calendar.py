"""An iCalendar file per group: one recurring event per schedule entry, with its time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from icalendar import Calendar, Event, Timezone, vRecur

from directory.model import Group
from directory.schedule import first_occurrence, rrule, zone


@dataclass(frozen=True)
class EventText:
    """What a calendar event says, in the language of the page it was added from."""

    name: str
    summary: str
    url: str
    place: str


def group_calendar(group: Group, text: EventText, *, default_zone: str, host: str) -> bytes:
    """The .ics text of a group's meetings; byte-identical for the same content (no build time inside)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Support groups directory//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", text.name)
    if group.status != "ended":
        for index, meeting in enumerate(group.schedule):
            event = _event(group, index, meeting, text, default_zone=default_zone, host=host)
            if event is not None:
                calendar.add_component(event)
    data = calendar.to_ical()
    # Not add_missing_timezones(): it rebuilds each VTIMEZONE (1970-2038) for every file, which took most
    # of a build's time, and adds them in set order, which changes between runs when there are two.
    zones = b"".join(filter(None, map(_timezone_ical, sorted(calendar.get_missing_tzids()))))
    if zones:
        head, events = data.split(b"\r\nBEGIN:VEVENT\r\n", 1)
        data = b"%s\r\n%sBEGIN:VEVENT\r\n%s" % (head, zones, events)
    return data


@cache
def _timezone_ical(tzid: str) -> bytes | None:
    """The VTIMEZONE of a time zone as add_missing_timezones() writes it, made once per process."""
    try:
        return Timezone.from_tzid(tzid).to_ical()
    except ValueError:  # unknown to the tz database: left out, as add_missing_timezones() does
        return None


def _event(group: Group, index: int, meeting: object, text: EventText, *, default_zone: str, host: str) -> Event | None:
    rule, first = rrule(meeting), first_occurrence(meeting, group)
    if rule is None or first is None:
        return None
    tz = zone(meeting, default_zone)
    event = Event()
    event.add("uid", f"{group.slug}-{index}@{host}")
    # DTSTAMP must be present; the verification date keeps the file reproducible.
    event.add("dtstamp", dt.datetime.combine(group.verified, dt.time(), dt.UTC))
    event.add("summary", text.name)
    event.add("description", f"{text.summary}\n{text.url}")
    event.add("url", text.url)
    if text.place:
        event.add("location", text.place)
    start = first.replace(tzinfo=tz)
    event.add("dtstart", start)
    if meeting.end:
        event.add("dtend", meeting.end_after(start))  # the next day when the meeting goes past midnight
    event.add("rrule", vRecur.from_ical(rule))
    return event
