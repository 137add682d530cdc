"""`invoke import-meeting-guide FEED`: turn a Meeting Guide JSON feed into group files.

Mapping, meeting → group file (the reverse of meeting_guide.py):
- Entries are put back together into groups: entries with the same name (case, accents and spacing
  ignored) at the same place (city, address and venue, or the same online link) that describe the same
  meeting (attendance, membership, languages, audience, status) make one group, whatever their slugs
  ("x-sun", "x--wed", "monday-x", "17"). Entries with the same time, end time and time zone become one
  weekly schedule entry with several days; other times become further entries. `day` may be one
  number or a list. The group's slug is the entries' common slug less a weekday suffix, else made
  from the name; "-2", "-3" … when two groups would share one.
- name → name; the first line of notes → summary (cut to 200 characters; the name when there are no
  notes), the rest of the notes → description (all of them when the first line was cut); all in --lang.
- time / end_time / timezone → `repeat: weekly` with start / end (an end earlier than the start is
  past midnight, as in the model; an end equal to the start is dropped and reported); the time zone
  is written only when it is not the site's.
- conference_url → online.join_url, the platform read from its host (zoom.us → zoom, …; else other);
  conference_phone alone → platform phone; conference_url_notes, the dial-in number (with its PIN) and
  conference_phone_notes → online.note. With a real address too, attendance is hybrid; without one
  (only an "approximate": "yes" area, or type TC) online. Type ONL, or only an approximate area and no
  city, without a link → online, platform other.
- address / city / formatted_address → location: the city is matched against every city key, label
  and synonym of content/taxonomy.yaml in every language (case, accents, niqqud, tashkeel, apostrophes
  and dashes ignored). A meeting that needs a place and whose city matches none is skipped and listed.
  location → venue, location_notes → directions, latitude / longitude → geo, type X → wheelchair access.
- types O → membership open, C → registration (open when neither); TC without an online link → status
  paused. Language types (HE, AR, EN, RUS, …) → languages (--lang when none); audience types (W, M, Y,
  SEN, LGBTQ, G, L, BI, T) → audience.
- facilitation: peer (Meeting Guide lists 12-step meetings, which are peer-led); cost: donation (no dues
  or fees; a basket is passed); topics: --topic (default alcohol).
- contact: real feeds seldom give a person per meeting; the contact is the meeting's page, its dial-in
  number or the intergroup that publishes the feed. Each way is the first usable one of:
  phone: contact_1/2/3_phone, entity_phone, --contact-phone, conference_phone (without its PIN);
  e-mail: contact_1/2/3_email, entity_email, --contact-email; website: url, entity_url, --contact-url.
  A value that is not a usable phone, e-mail or web address is passed over (and noted). contact_1_name
  → contact name (the spec, like our model, allows no last names: a first name or a role). A meeting
  with no way to reach it is skipped with the options to pass.
- verified: the date of `updated` (today when absent or in the future); the newest of a group's entries.
- Texts are cleaned as the model requires (invisible and control characters removed, one-line fields
  on one line) and cut to bounds (venue and address 200, directions 1,000, description 4,000
  characters), so that every file written is far below the reader's size limit; a name longer than
  the model's 120 characters is reported, not published cut.

Hostile feeds: a file larger than MAX_FEED_BYTES, JSON nested too deeply, or not an array of meetings
is refused with one clear message; a value of the wrong type (a list for a name, text for a day) makes
that meeting skipped with its reason, never a traceback.

Each result is validated with the Group model and the reader's context (languages, taxonomy, phone
region, geo bounds, today), written with the canonical emitter (`directory.files.canonical.dump_group`),
and never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from pydantic_core import PydanticCustomError
from unidecode import unidecode

from commands.settings import with_exports
from directory.checks import (
    FORBIDDEN_IN_LINE,
    FORBIDDEN_IN_TEXT,
    check_email,
    check_url,
    comparable,
    normalise_phone,
)
from directory.files.canonical import dump_group
from directory.files.reader import MAX_FILE_BYTES, Document, problems_from_validation, read_taxonomy
from directory.model import WEEKDAYS, Group, Taxonomy, is_slug
from directory.settings import reader_context
from plugins.exporters.meeting_guide import LANGUAGE_TYPES

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # Meeting Guide's 0 … 6
DAY_SUFFIX = re.compile(r"-(?:sun|mon|tue|wed|thu|fri|sat)(?:-[0-9]{4})?$")
TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::[0-5][0-9])?$")
PLATFORM_HOSTS = {
    "zoom.us": "zoom",
    "zoom.com": "zoom",
    "meet.google.com": "google-meet",
    "teams.microsoft.com": "teams",
    "teams.live.com": "teams",
    "meet.jit.si": "jitsi",
    "chat.whatsapp.com": "whatsapp",
    "wa.me": "whatsapp",
    "t.me": "telegram",
}
# Types that say who a meeting is for, beyond the exporter's own audience mapping.
EXTRA_AUDIENCE = {"G": "lgbtq", "L": "lgbtq", "BI": "lgbtq", "T": "lgbtq"}
SUMMARY_LENGTH = 200
# Bounds of imported texts, in characters (the model's own for names; generous for the rest).
NAME_LENGTH, LINE_LENGTH, DIRECTIONS_LENGTH, DESCRIPTION_LENGTH = 120, 200, 1000, 4000
# A feed is read whole: the largest real intergroup feeds are a few megabytes.
MAX_FEED_BYTES = 32 * 1024 * 1024
# Dialling pauses and PINs after a conference number: "+1 646 555 0100,,12345#".
DIAL_EXTRAS = re.compile(r"[,;#*pPwW].*$")


@dataclass
class Skipped:
    """A meeting (or group) that was not written, and why."""

    name: str
    slug: str
    reason: str

    def __str__(self) -> str:
        return f"{self.slug or '?'} ({_cut(self.name, 80) or 'no name'}): {self.reason}"


@dataclass
class Imported:
    """The result of reading a feed: group files to write, and what was skipped or noted."""

    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # How many entries of the feed each group holds, so that every entry is accounted for.
    entries: dict[str, int] = field(default_factory=dict)


@dataclass
class Meeting:
    """One feed entry, read: the group-level data, and its days and hours."""

    slug: str
    data: dict[str, Any]
    days: list[str]
    start: str
    end: str | None
    timezone: str | None
    place: str = ""  # what makes two entries the same place: city, address, venue, or the online link


@dataclass(frozen=True)
class Publisher:
    """The contact of the intergroup that publishes the feed (--contact-phone/-email/-url)."""

    phone: str | None = None
    email: str | None = None
    url: str | None = None


def normalise(text: str) -> str:
    """Text for matching place names: no case, accents, niqqud, tashkeel, apostrophes, digits or dashes."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn" and c != "\u0640")
    text = text.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}))
    text = re.sub(r"['’`׳״\"]", "", text)
    text = re.sub(r"[\d\-–—_.,/()]+", " ", text)
    return " ".join(text.split())


def city_index(taxonomy: Taxonomy) -> dict[str, str]:
    """Every way of writing each city (key, labels, synonyms, in every language) → its key."""
    index: dict[str, str] = {}
    for key, term in taxonomy.cities.items():
        names = [key, *term.label.root.values(), *(s for words in term.synonyms.values() for s in words)]
        for name in names:
            index.setdefault(normalise(name), key)
    return index


def text_of(value: Any) -> str:
    """A feed value as text: strings and numbers only (a list or object where text belongs counts as none)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def line_of(value: Any, limit: int = LINE_LENGTH) -> str:
    """One line of text as the model takes it: invisible and control characters removed, spaces collapsed, cut to `limit`."""
    text = " ".join(FORBIDDEN_IN_LINE.sub(" ", text_of(value)).split())
    return _cut(text, limit)


def paragraphs_of(value: Any, limit: int = DESCRIPTION_LENGTH) -> str:
    """Long text as the model takes it: line breaks kept, other invisible and control characters removed, cut to `limit`."""
    text = FORBIDDEN_IN_TEXT.sub("", text_of(value).replace("\r\n", "\n").replace("\r", "\n"))
    return _cut("\n".join(line.rstrip() for line in text.strip().split("\n")), limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def match_city(meeting: dict[str, Any], index: dict[str, str]) -> str | None:
    """The city key of a meeting from its city, then each part of its addresses; None when none matches."""
    candidates = [text_of(meeting.get("city"))]
    for key in ("formatted_address", "address", "region", "sub_region"):
        candidates.extend(text_of(meeting.get(key)).split(","))
    for candidate in candidates:
        if candidate and normalise(candidate) in index:
            return index[normalise(candidate)]
    return None


def _clean_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unidecode(text[:200]).lower()).strip("-")[:60].strip("-")


def slug_for(meeting: dict[str, Any]) -> str:
    """A file slug from the meeting's slug (or its name when the slug is a bare number)."""
    slug = _clean_slug(text_of(meeting.get("slug")))
    if not slug or slug.isdigit():
        slug = "-".join(part for part in (_clean_slug(text_of(meeting.get("name"))), slug) if part) or "meeting"
    return slug


def _platform(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for known, platform in PLATFORM_HOSTS.items():
        if host == known or host.endswith("." + known):
            return platform
    return "other"


def _days(value: Any) -> list[str] | None:
    days = []
    for item in value if isinstance(value, list) else [value]:
        number = text_of(item).strip()
        if isinstance(item, bool) or number not in {str(n) for n in range(7)}:
            return None
        if DAY_NAMES[int(number)] not in days:
            days.append(DAY_NAMES[int(number)])
    return days or None


def _time(value: Any) -> str | None:
    match = TIME.match(text_of(value).strip())
    return f"{int(match[1]):02d}:{match[2]}" if match else None


def _texts(notes: str, name: str) -> tuple[str, str | None]:
    """Summary and description from a meeting's notes: the first line (cut to fit) and the rest."""
    lines = notes.strip().splitlines()
    first = " ".join(lines[0].split()) if lines else ""
    if not first:
        return name, None
    if len(first) <= SUMMARY_LENGTH:
        rest = "\n".join(lines[1:]).strip()
        return first, rest or None
    return _cut(first, SUMMARY_LENGTH), notes.strip()


def _verified(value: Any, today: dt.date) -> str:
    try:
        day = dt.date.fromisoformat(text_of(value)[:10])
    except ValueError:
        return today.isoformat()
    return min(day, today).isoformat()


def _usable(check: Any, value: str) -> bool:
    try:
        check(value)
    except PydanticCustomError:
        return False
    return True


class FeedReader:
    """Reads feed entries into group data, for one site (taxonomy, languages, settings)."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        settings: dict[str, Any],
        lang: str,
        topic: str,
        *,
        today: dt.date,
        publisher: Publisher | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.settings = settings
        self.lang = lang
        self.topic = topic
        self.today = today
        self.publisher = publisher or Publisher()
        self.cities = city_index(taxonomy)
        self.languages = {code: lang for lang, code in LANGUAGE_TYPES.items()}
        self.audience: dict[str, str] = {}
        for key, code in settings["EXPORTS_MEETING_GUIDE_AUDIENCE"].items():
            self.audience.setdefault(code, key)
        for code, key in EXTRA_AUDIENCE.items():
            self.audience.setdefault(code, key)

    def meeting(self, raw: dict[str, Any], result: Imported) -> Meeting | None:
        """One entry read, or None (and the reason recorded) when it cannot be a weekly group meeting."""
        # Not cut to the model's limit: a name too long is reported, not published shortened.
        name = line_of(raw.get("name"), 10 * NAME_LENGTH)
        slug = slug_for(raw)

        def skip(reason: str) -> None:
            result.skipped.append(Skipped(name, line_of(raw.get("slug"), 80) or slug, reason))

        if not name:
            skip("no name")
            return None
        days, start = _days(raw.get("day")), _time(raw.get("time"))
        if days is None or start is None:
            skip("no weekly day and time (day 0-6, time HH:MM): not a weekly meeting")
            return None
        end = _time(raw.get("end_time"))
        if end is not None and end == start:
            result.notes.append(f"{slug}: end_time {end} is the start time; left out")
            end = None
        types = (
            {t for t in raw.get("types") or [] if isinstance(t, str)} if isinstance(raw.get("types"), list) else set()
        )
        url = line_of(raw.get("conference_url"), 2000)
        phone = line_of(raw.get("conference_phone"))
        if url and not _usable(lambda u: check_url(u, ("https",)), url):
            result.notes.append(f"{slug}: conference_url '{url[:80]}' is not an https:// address; left out")
            url = ""
        address = line_of(raw.get("address"))
        formatted = line_of(raw.get("formatted_address"))
        approximate = text_of(raw.get("approximate")).lower() == "yes"
        named_place = bool(address or text_of(raw.get("city")) or text_of(raw.get("location")))
        # A meeting placed only in an approximate area (a country, say) and in no city meets online.
        online = bool(url or phone or "ONL" in types or (approximate and not named_place))
        # An online meeting has a place only when it gives a real one (an approximate area is not).
        has_place = not online or (named_place and not approximate and "TC" not in types)
        data: dict[str, Any] = {}
        place = ""
        if has_place:
            city = match_city(raw, self.cities)
            if city is None:
                where = line_of(raw.get("city")) or formatted or address
                skip(
                    f"the city '{where}' matches no city in the taxonomy — add it (or a synonym) to taxonomy.yaml"
                    if where
                    else "no city or address, and no online link"
                )
                return None
            data["location"] = self._location(raw, city, address or formatted.split(",")[0].strip(), result, slug)
            place = normalise(
                " ".join([city, data["location"].get("address", {}).get(self.lang, ""), line_of(raw.get("location"))])
            )
        data["attendance"] = "hybrid" if has_place and online else ("online" if online else "in-person")
        if online:
            # The dial-in number (with its PIN) is a way to join: it goes in the note, beside the link.
            parts = [
                line_of(raw.get("conference_url_notes"), 500),
                phone,
                line_of(raw.get("conference_phone_notes"), 500),
            ]
            note = " · ".join(part for part in parts if part)
            data["online"] = {
                "platform": _platform(url) if url else ("phone" if phone else "other"),
                "join_url": url or None,
                "note": {self.lang: note} if note else None,
            }
            place = place or f"online:{url.lower()}"
        group = self._group(raw, name, types, result, slug)
        if group is None:
            skip(
                "the feed gives no way to reach this meeting (no phone, e-mail or web page) — "
                "pass the intergroup's contact with --contact-email, --contact-phone or --contact-url"
            )
            return None
        data = {**group, **data}
        zone = line_of(raw.get("timezone"), 60) or None
        return Meeting(slug, data, days, start, end, zone, place)

    def _location(self, raw: dict[str, Any], city: str, address: str, result: Imported, slug: str) -> dict[str, Any]:
        lang = self.lang
        venue = line_of(raw.get("location"))
        directions = paragraphs_of(raw.get("location_notes"), DIRECTIONS_LENGTH)
        location: dict[str, Any] = {"city": city}
        if venue:
            location["venue"] = {lang: venue}
        if address:
            location["address"] = {lang: address}
        if directions:
            location["directions"] = {lang: directions}
        geo = self._geo(raw)
        if geo:
            location["geo"] = geo
        elif raw.get("latitude") is not None or raw.get("longitude") is not None:
            result.notes.append(f"{slug}: latitude/longitude are not a place in this directory's area; left out")
        if "X" in {str(t) for t in raw.get("types") or [] if isinstance(t, str)}:
            location["wheelchair_accessible"] = True
        return location

    def _geo(self, raw: dict[str, Any]) -> list[float] | None:
        try:
            lat, lon = float(text_of(raw.get("latitude"))), float(text_of(raw.get("longitude")))
        except ValueError:
            return None
        south, north, west, east = self.settings["GROUPS_GEO_BOUNDS"]
        if not (south <= lat <= north and west <= lon <= east):  # also refuses NaN
            return None
        return [lat, lon]

    def _contact(self, raw: dict[str, Any], result: Imported, slug: str) -> dict[str, Any]:
        """The first usable phone, e-mail and web address of a meeting, its intergroup, or the publisher."""
        region = self.settings["GROUPS_PHONE_REGION"]
        dial_in = DIAL_EXTRAS.sub("", line_of(raw.get("conference_phone"))).strip()
        candidates = {
            "phone": [
                *(line_of(raw.get(f"contact_{n}_phone")) for n in (1, 2, 3)),
                line_of(raw.get("entity_phone")),
                self.publisher.phone or "",
                dial_in,
            ],
            "email": [
                *(line_of(raw.get(f"contact_{n}_email")) for n in (1, 2, 3)),
                line_of(raw.get("entity_email")),
                self.publisher.email or "",
            ],
            "website": [line_of(raw.get("url"), 2000), line_of(raw.get("entity_url"), 2000), self.publisher.url or ""],
        }
        checks = {"phone": lambda v: normalise_phone(v, region), "email": check_email, "website": check_url}
        contact: dict[str, Any] = {}
        for way, values in candidates.items():
            for value in filter(None, values):
                if _usable(checks[way], value):
                    contact[way] = value
                    break
                result.notes.append(f"{slug}: {way} '{value[:80]}' is not usable; passed over")
        return contact

    def _group(
        self, raw: dict[str, Any], name: str, types: set[str], result: Imported, slug: str
    ) -> dict[str, Any] | None:
        lang = self.lang
        summary, description = _texts(paragraphs_of(raw.get("notes"), DESCRIPTION_LENGTH), name)
        languages = sorted({self.languages[t] for t in types if t in self.languages}) or [lang]
        audience = sorted(
            {self.audience[t] for t in types if t in self.audience and self.audience[t] in self.taxonomy.audience}
        )
        contact = self._contact(raw, result, slug)
        if not contact:
            return None
        contact_name = line_of(raw.get("contact_1_name"), 60)
        if contact_name:
            contact["name"] = {lang: contact_name}
        paused = "TC" in types and not (raw.get("conference_url") or raw.get("conference_phone"))
        return {
            "name": {lang: name},
            "summary": {lang: summary},
            "description": {lang: description} if description else None,
            "topics": [self.topic],
            "audience": audience or None,
            "facilitation": "peer",
            "languages": languages,
            "membership": "registration" if "C" in types and "O" not in types else "open",
            "cost": "donation",
            "contact": contact,
            "verified": _verified(raw.get("updated"), self.today),
            "status": "paused" if paused else None,
        }


def _schedule(meetings: list[Meeting], site_zone: str) -> list[dict[str, Any]]:
    """Meetings of one group as weekly schedule entries: one per (start, end, time zone), days merged."""
    by_time: dict[tuple[str, str | None, str | None], list[str]] = defaultdict(list)
    for meeting in meetings:
        zone = None if meeting.timezone in (None, site_zone) else meeting.timezone
        days = by_time[(meeting.start, meeting.end, zone)]
        days.extend(d for d in meeting.days if d not in days)
    entries = []
    for (start, end, zone), days in by_time.items():
        ordered = sorted(days, key=WEEKDAYS.index)
        entries.append({"repeat": "weekly", "days": ordered, "start": start, "end": end, "timezone": zone})
    entries.sort(key=lambda e: (WEEKDAYS.index(e["days"][0]), e["start"]))
    return [{k: v for k, v in e.items() if v is not None} for e in entries]


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


# What must be equal for two entries to be one group's meetings (texts, contact and dates may differ).
SAME_GROUP = ("attendance", "membership", "languages", "audience", "status", "online", "location", "topics")


def _identity(meeting: Meeting) -> str:
    """What two entries of one group share: the name as a reader sees it (digits count), the place, the kind of meeting."""
    same = {key: meeting.data.get(key) for key in SAME_GROUP}
    name = next(iter(meeting.data["name"].values()))
    return json.dumps([comparable(name), meeting.place, same], sort_keys=True)


def _buckets(meetings: list[Meeting]) -> list[tuple[str, list[Meeting]]]:
    """Entries grouped into groups (same name, place and kind of meeting), each with a slug of its own."""
    by_identity: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_identity[_identity(meeting)].append(meeting)
    buckets: list[tuple[str, list[Meeting]]] = []
    taken: set[str] = set()
    for same in by_identity.values():
        bases = {DAY_SUFFIX.sub("", m.slug).strip("-") or m.slug for m in same}
        slug = (
            bases.pop()
            if len(bases) == 1
            else slug_for({"name": same[0].data["name"][next(iter(same[0].data["name"]))]})
        )
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        taken.add(candidate)
        buckets.append((candidate, same))
    return buckets


def _merged(members: list[Meeting], site_zone: str) -> dict[str, Any]:
    """One group's data from its entries: the first entry's texts, the newest verification date, every meeting time."""
    data = dict(members[0].data)
    data["verified"] = max(m.data["verified"] for m in members)
    return _without_none({**data, "schedule": _schedule(members, site_zone)})


def read_feed(
    feed: list[Any],
    taxonomy: Taxonomy,
    lang: str,
    *,
    topic: str = "alcohol",
    settings: dict[str, Any] | None = None,
    today: dt.date | None = None,
    publisher: Publisher | None = None,
) -> Imported:
    """Read a feed into validated group data by slug; every meeting left out is listed with its reason."""
    settings = with_exports(settings)
    today = today or dt.date.today()
    result = Imported()
    if topic not in taxonomy.topics:
        result.skipped.append(Skipped("", "", f"--topic '{topic}' is not a topic key of the taxonomy"))
        return result
    reader = FeedReader(taxonomy, settings, lang, topic, today=today, publisher=publisher)
    meetings = [m for raw in feed if (m := _entry(reader, raw, result))]
    context = reader_context(settings, taxonomy, today)
    languages = tuple(settings["GROUPS_LANGUAGES"])
    for slug, members in _buckets(meetings):
        data = _merged(members, settings["GROUPS_TIMEZONE"])
        reason = _refusal(slug, data, context, languages)
        if reason:
            result.skipped.extend(Skipped(m.data["name"][lang], m.slug, reason) for m in members)
            continue
        result.groups[slug] = data
        result.entries[slug] = len(members)
    return result


def _refusal(slug: str, data: dict[str, Any], context: dict[str, Any], languages: tuple[str, ...]) -> str | None:
    """Why a group cannot be written (not a usable file name, not a valid group, too large), or None."""
    if not is_slug(slug):
        return f"'{slug}' is not a usable file name"
    try:
        Group.model_validate({**data, "slug": slug}, context=context)
    except ValidationError as exc:
        problems = problems_from_validation(Document(f"{slug}.yaml", data=data), exc)
        return "not a valid group: " + "; ".join(p.text() for p in problems)
    size = len(dump_group(data, languages, context).encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return f"the group file would have {size} bytes, more than the limit of {MAX_FILE_BYTES}"
    return None


def _entry(reader: FeedReader, raw: Any, result: Imported) -> Meeting | None:
    if not isinstance(raw, dict):
        result.skipped.append(Skipped("", "", "an entry of the feed is not an object"))
        return None
    return reader.meeting(raw, result)


def write_groups(
    result: Imported, out: str | Path, languages: tuple[str, ...], context: dict[str, Any]
) -> tuple[list[Path], list[Path]]:
    """Write each group file with the canonical emitter; existing files are left alone. Returns (written, existing).

    A file that cannot be written (no space, no permission) is taken out of `result.groups` and its
    meetings are listed in `result.skipped` with the reason.
    """
    folder = Path(out)
    written, existing = [], []
    for slug, data in sorted(result.groups.items()):
        path = folder / f"{slug}.yaml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if path.exists() or path.is_symlink():
                existing.append(path)
                continue
            with open(path, "x", encoding="utf-8") as handle:  # "x": never over a file made meanwhile
                handle.write(dump_group(data, languages, context))
        except OSError as exc:
            del result.groups[slug]
            count = result.entries.pop(slug, 0)
            result.skipped.append(
                Skipped(data["name"][next(iter(data["name"]))], slug, f"could not write {path}: {exc.strerror or exc}")
            )
            result.notes.append(f"{slug}: {count} meeting(s) of the feed are not written")
            continue
        written.append(path)
    return written, existing


def load_feed(path: str | Path) -> tuple[list[Any] | None, str]:
    """The feed's meetings, or None and why it cannot be read (too large, not JSON, nested too deeply, not an array)."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_FEED_BYTES:
            return None, f"{path}: the feed has {size} bytes, more than the limit of {MAX_FEED_BYTES}"
        with open(path, encoding="utf-8") as handle:
            text = handle.read(MAX_FEED_BYTES + 1)
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read the feed {path}: {exc}"
    if len(text) > MAX_FEED_BYTES:
        return None, f"{path}: the feed is larger than the limit of {MAX_FEED_BYTES} bytes"
    try:
        feed = json.loads(text)
    except RecursionError:
        return None, f"{path}: the JSON is nested too deeply to be a Meeting Guide feed"
    except ValueError as exc:
        return None, f"{path}: not JSON: {exc}"
    if not isinstance(feed, list):
        return None, f"{path}: a Meeting Guide feed is a JSON array of meetings"
    return feed, ""


def main(
    feed_path: str,
    *,
    out: str = "content/groups",
    lang: str = "en",
    topic: str = "alcohol",
    content: str = "content",
    settings: dict[str, Any] | None = None,
    today: dt.date | None = None,
    publisher: Publisher | None = None,
) -> int:
    """Import a feed file into `out`, print what was written and skipped; 1 when a meeting was skipped."""
    settings = with_exports(settings)
    languages = tuple(settings["GROUPS_LANGUAGES"])
    if lang not in languages:
        print(f"--lang must be one of {', '.join(languages)}")
        return 2
    taxonomy, problems = read_taxonomy(Path(content) / settings["GROUPS_TAXONOMY"], languages)
    if taxonomy is None:
        print("\n".join(str(p) for p in problems))
        return 2
    problem = _publisher_problem(publisher, settings["GROUPS_PHONE_REGION"])
    if problem:
        print(problem)
        return 2
    feed, problem = load_feed(feed_path)
    if feed is None:
        print(problem)
        return 2
    today = today or dt.date.today()
    result = read_feed(feed, taxonomy, lang, topic=topic, settings=settings, today=today, publisher=publisher)
    written, existing = write_groups(result, out, languages, reader_context(settings, taxonomy, today))
    for path in written:
        print(f"wrote {path} ({result.entries[path.stem]} meeting(s) of the feed)")
    for path in existing:
        print(f"exists, not overwritten: {path}")
    for note in result.notes:
        print(f"note: {note}")
    for skipped in result.skipped:
        print(f"skipped {skipped}")
    held = sum(result.entries.values())
    print(
        f"{len(written)} group file(s) written, {len(existing)} already there, {len(result.skipped)} meeting(s) skipped; "
        f"{held} meeting(s) of the feed are in the group files."
    )
    return 1 if result.skipped else 0


def _publisher_problem(publisher: Publisher | None, region: str) -> str:
    """Why a --contact-* option cannot be used, or ''."""
    if publisher is None:
        return ""
    checks = (
        ("--contact-phone", publisher.phone, lambda v: normalise_phone(v, region)),
        ("--contact-email", publisher.email, check_email),
        ("--contact-url", publisher.url, check_url),
    )
    for option, value, check in checks:
        if value and not _usable(check, value):
            return f"{option} '{value}' is not a usable phone, e-mail or web address"
    return ""
