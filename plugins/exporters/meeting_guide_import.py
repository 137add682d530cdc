"""`invoke import-meeting-guide FEED`: turn a Meeting Guide JSON feed into group files.

Mapping, meeting → group file (the reverse of meeting_guide.py):
- Entries are put back together into groups: entries whose slugs differ only by a weekday suffix
  ("x-sun", "x-wed", as our export writes them) or are equal, and that share name, place and online
  link, make one group. Entries with the same time, end time and time zone become one weekly schedule
  entry with several days; other times become further entries. `day` may be one number or a list.
- name → name; the first line of notes → summary (cut to 200 characters; the name when there are no
  notes), the rest of the notes → description (all of them when the first line was cut); all in --lang.
- time / end_time / timezone → `repeat: weekly` with start / end (an end before the start, e.g. past
  midnight, is dropped and reported); the time zone is written only when it is not the site's.
- conference_url → online.join_url, the platform read from its host (zoom.us → zoom, …; else other);
  conference_phone alone → platform phone. With a real address too, attendance is hybrid; without one
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
- contact_1_phone / contact_1_email / contact_1_name → contact (the spec, like our model, allows no last
  names: a first name or a role), else entity_phone / entity_email; url → website. verified: the date of `updated` (today when absent).

Each result is validated with the Group model and the reader's context (languages, taxonomy, phone
region, geo bounds, today), written with the canonical emitter (`plugins.groups.canonical.dump_group`),
and never over an existing file.
"""

from __future__ import annotations

import contextlib
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
from unidecode import unidecode

from plugins.groups.canonical import dump_group
from plugins.groups.model import WEEKDAYS, Group, Taxonomy, is_slug
from plugins.groups.reader import Document, problems_from_validation, read_taxonomy
from plugins.groups.settings import DEFAULTS, reader_context

from .meeting_guide import LANGUAGE_TYPES
from .settings import DEFAULTS as EXPORT_DEFAULTS

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


@dataclass
class Skipped:
    """A meeting (or group) that was not written, and why."""

    name: str
    slug: str
    reason: str

    def __str__(self) -> str:
        return f"{self.slug or '?'} ({self.name or 'no name'}): {self.reason}"


@dataclass
class Imported:
    """The result of reading a feed: group files to write, and what was skipped or noted."""

    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Meeting:
    """One feed entry, read: the group-level data, and its days and hours."""

    slug: str
    data: dict[str, Any]
    days: list[str]
    start: str
    end: str | None
    timezone: str | None


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


def match_city(meeting: dict[str, Any], index: dict[str, str]) -> str | None:
    """The city key of a meeting from its city, then each part of its addresses; None when none matches."""
    candidates = [meeting.get("city")]
    for key in ("formatted_address", "address", "region", "sub_region"):
        candidates.extend(str(meeting.get(key) or "").split(","))
    for candidate in candidates:
        if candidate and normalise(str(candidate)) in index:
            return index[normalise(str(candidate))]
    return None


def slug_for(meeting: dict[str, Any]) -> str:
    """A file slug from the meeting's slug (or its name when the slug is a bare number)."""

    def clean(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")[:60].strip("-")

    slug = clean(str(meeting.get("slug") or ""))
    if not slug or slug.isdigit():
        slug = "-".join(part for part in (clean(str(meeting.get("name") or "")), slug) if part) or "meeting"
    return slug


def _platform(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for known, platform in PLATFORM_HOSTS.items():
        if host == known or host.endswith("." + known):
            return platform
    return "other"


def _days(value: Any) -> list[str] | None:
    values = value if isinstance(value, list) else [value]
    days = []
    for item in values:
        if isinstance(item, bool) or str(item).strip() not in {str(n) for n in range(7)}:
            return None
        days.append(DAY_NAMES[int(str(item).strip())])
    return days or None


def _time(value: Any) -> str | None:
    match = TIME.match(str(value or "").strip())
    return f"{int(match[1]):02d}:{match[2]}" if match else None


def _texts(notes: str | None, name: str) -> tuple[str, str | None]:
    """Summary and description from a meeting's notes: the first line (cut to fit) and the rest."""
    lines = (notes or "").strip().splitlines()
    first = lines[0].strip() if lines else ""
    if not first:
        return name, None
    if len(first) <= SUMMARY_LENGTH:
        rest = "\n".join(lines[1:]).strip()
        return first, rest or None
    return first[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…", (notes or "").strip()


def _verified(value: Any, today: dt.date) -> str:
    try:
        day = dt.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return today.isoformat()
    return min(day, today).isoformat()


class FeedReader:
    """Reads feed entries into group data, for one site (taxonomy, languages, settings)."""

    def __init__(self, taxonomy: Taxonomy, settings: dict[str, Any], lang: str, topic: str, today: dt.date) -> None:
        self.taxonomy = taxonomy
        self.settings = settings
        self.lang = lang
        self.topic = topic
        self.today = today
        self.cities = city_index(taxonomy)
        self.languages = {code: lang for lang, code in LANGUAGE_TYPES.items()}
        self.audience: dict[str, str] = {}
        for key, code in settings["EXPORTS_MEETING_GUIDE_AUDIENCE"].items():
            self.audience.setdefault(code, key)
        for code, key in EXTRA_AUDIENCE.items():
            self.audience.setdefault(code, key)

    def meeting(self, raw: dict[str, Any], result: Imported) -> Meeting | None:
        """One entry read, or None (and the reason recorded) when it cannot be a weekly group meeting."""
        name = str(raw.get("name") or "").strip()
        slug = slug_for(raw)

        def skip(reason: str) -> None:
            result.skipped.append(Skipped(name, str(raw.get("slug") or slug), reason))

        if not name:
            skip("no name")
            return None
        days, start = _days(raw.get("day")), _time(raw.get("time"))
        if days is None or start is None:
            skip("no weekly day and time (day 0-6, time HH:MM): not a weekly meeting")
            return None
        end = _time(raw.get("end_time"))
        if end is not None and end <= start:
            result.notes.append(f"{slug}: end_time {end} is not after {start} (past midnight?); left out")
            end = None
        types = {str(t) for t in raw.get("types") or []}
        url = str(raw.get("conference_url") or "").strip()
        phone = str(raw.get("conference_phone") or "").strip()
        address = str(raw.get("address") or "").strip()
        formatted = str(raw.get("formatted_address") or "").strip()
        approximate = str(raw.get("approximate") or "").lower() == "yes"
        named_place = bool(address or raw.get("city") or raw.get("location"))
        # A meeting placed only in an approximate area (a country, say) and in no city meets online.
        online = bool(url or phone or "ONL" in types or (approximate and not named_place))
        # An online meeting has a place only when it gives a real one (an approximate area is not).
        has_place = not online or (named_place and not approximate and "TC" not in types)
        data: dict[str, Any] = {}
        if has_place:
            city = match_city(raw, self.cities)
            if city is None:
                place = raw.get("city") or formatted or address
                skip(
                    f"the city '{place}' matches no city in the taxonomy — add it (or a synonym) to taxonomy.yaml"
                    if place
                    else "no city or address, and no online link"
                )
                return None
            data["location"] = self._location(raw, city, address or formatted.split(",")[0].strip())
        data["attendance"] = "hybrid" if has_place and online else ("online" if online else "in-person")
        if online:
            note = " ".join(str(raw.get(k) or "").strip() for k in ("conference_url_notes", "conference_phone_notes"))
            if phone and not url:
                note = f"{phone} {note}"
            data["online"] = {
                "platform": _platform(url) if url else ("phone" if phone else "other"),
                "join_url": url or None,
                "note": {self.lang: note.strip()} if note.strip() else None,
            }
        data = {**self._group(raw, name, types, bool(url or phone)), **data}
        return Meeting(slug, data, days, start, end, str(raw.get("timezone") or "").strip() or None)

    def _location(self, raw: dict[str, Any], city: str, address: str) -> dict[str, Any]:
        lang = self.lang
        venue = str(raw.get("location") or "").strip()
        directions = str(raw.get("location_notes") or "").strip()
        location: dict[str, Any] = {"city": city}
        if venue:
            location["venue"] = {lang: venue}
        if address:
            location["address"] = {lang: address}
        if directions:
            location["directions"] = {lang: directions}
        with contextlib.suppress(KeyError, TypeError, ValueError):
            location["geo"] = [float(raw["latitude"]), float(raw["longitude"])]
        if "X" in {str(t) for t in raw.get("types") or []}:
            location["wheelchair_accessible"] = True
        return location

    def _group(self, raw: dict[str, Any], name: str, types: set[str], linked: bool) -> dict[str, Any]:
        lang = self.lang
        summary, description = _texts(str(raw.get("notes") or ""), name)
        languages = sorted({self.languages[t] for t in types if t in self.languages}) or [lang]
        audience = sorted(
            {self.audience[t] for t in types if t in self.audience and self.audience[t] in self.taxonomy.audience}
        )
        contact = {
            "phone": str(raw.get("contact_1_phone") or raw.get("entity_phone") or "").strip() or None,
            "email": str(raw.get("contact_1_email") or raw.get("entity_email") or "").strip() or None,
            "website": str(raw.get("url") or "").strip() or None,
            "name": None,
        }
        if contact["website"] and not contact["website"].startswith(("https://", "http://")):
            contact["website"] = None
        contact_name = " ".join(str(raw.get("contact_1_name") or "").split())
        if contact_name:
            contact["name"] = {lang: contact_name}
        paused = "TC" in types and not linked
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
            "contact": {k: v for k, v in contact.items() if v is not None},
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


def _buckets(meetings: list[Meeting]) -> list[tuple[str, list[Meeting]]]:
    """Meetings grouped into groups: same slug (less a weekday suffix) and the same group data."""
    by_base: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_base[DAY_SUFFIX.sub("", meeting.slug) or meeting.slug].append(meeting)
    buckets: list[tuple[str, list[Meeting]]] = []
    taken: set[str] = set()
    for base, found in by_base.items():
        by_data: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in found:
            by_data[json.dumps(meeting.data, sort_keys=True, default=str)].append(meeting)
        for index, same in enumerate(by_data.values()):
            slug = base if index == 0 else same[0].slug
            while slug in taken:
                slug = f"{slug}-{len(taken)}"
            taken.add(slug)
            buckets.append((slug, same))
    return buckets


def read_feed(
    feed: list[dict[str, Any]],
    taxonomy: Taxonomy,
    lang: str,
    *,
    topic: str = "alcohol",
    settings: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Imported:
    """Read a feed into validated group data by slug; every meeting left out is listed with its reason."""
    settings = {**DEFAULTS, **EXPORT_DEFAULTS, **(settings or {})}
    today = today or dt.date.today()
    result = Imported()
    if topic not in taxonomy.topics:
        result.skipped.append(Skipped("", "", f"--topic '{topic}' is not a topic key of the taxonomy"))
        return result
    reader = FeedReader(taxonomy, settings, lang, topic, today)
    meetings = [m for raw in feed if (m := _entry(reader, raw, result))]
    context = reader_context(settings, taxonomy, today)
    for slug, members in _buckets(meetings):
        data = _without_none({**members[0].data, "schedule": _schedule(members, settings["GROUPS_TIMEZONE"])})
        if not is_slug(slug):
            result.skipped.extend(
                Skipped(m.data["name"][lang], m.slug, f"'{slug}' is not a usable file name") for m in members
            )
            continue
        try:
            Group.model_validate({**data, "slug": slug}, context=context)
        except ValidationError as exc:
            problems = problems_from_validation(Document(f"{slug}.yaml", data=data), exc)
            reason = "; ".join(p.text() for p in problems)
            result.skipped.extend(
                Skipped(m.data["name"][lang], m.slug, f"not a valid group: {reason}") for m in members
            )
            continue
        result.groups[slug] = data
    return result


def _entry(reader: FeedReader, raw: Any, result: Imported) -> Meeting | None:
    if not isinstance(raw, dict):
        result.skipped.append(Skipped("", "", "an entry of the feed is not an object"))
        return None
    return reader.meeting(raw, result)


def write_groups(
    result: Imported, out: str | Path, languages: tuple[str, ...], context: dict[str, Any]
) -> tuple[list[Path], list[Path]]:
    """Write each group file with the canonical emitter; existing files are left alone. Returns (written, existing)."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written, existing = [], []
    for slug, data in sorted(result.groups.items()):
        path = folder / f"{slug}.yaml"
        if path.exists():
            existing.append(path)
            continue
        path.write_text(dump_group(data, languages, context), encoding="utf-8")
        written.append(path)
    return written, existing


def main(
    feed_path: str,
    *,
    out: str = "content/groups",
    lang: str = "en",
    topic: str = "alcohol",
    content: str = "content",
    settings: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> int:
    """Import a feed file into `out`, print what was written and skipped; 1 when a meeting was skipped."""
    settings = {**DEFAULTS, **EXPORT_DEFAULTS, **(settings or {})}
    languages = tuple(settings["GROUPS_LANGUAGES"])
    if lang not in languages:
        print(f"--lang must be one of {', '.join(languages)}")
        return 2
    taxonomy, problems = read_taxonomy(Path(content) / settings["GROUPS_TAXONOMY"], languages)
    if taxonomy is None:
        print("\n".join(str(p) for p in problems))
        return 2
    try:
        feed = json.loads(Path(feed_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read the feed {feed_path}: {exc}")
        return 2
    if not isinstance(feed, list):
        print(f"{feed_path}: a Meeting Guide feed is a JSON array of meetings")
        return 2
    today = today or dt.date.today()
    result = read_feed(feed, taxonomy, lang, topic=topic, settings=settings, today=today)
    written, existing = write_groups(result, out, languages, reader_context(settings, taxonomy, today))
    for path in written:
        print(f"wrote {path}")
    for path in existing:
        print(f"exists, not overwritten: {path}")
    for note in result.notes:
        print(f"note: {note}")
    for skipped in result.skipped:
        print(f"skipped {skipped}")
    print(
        f"{len(written)} group file(s) written, {len(existing)} already there, {len(result.skipped)} meeting(s) skipped."
    )
    return 1 if result.skipped else 0
