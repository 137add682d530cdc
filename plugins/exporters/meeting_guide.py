"""`/data/meeting-guide.json`: the weekly meetings as a Meeting Guide feed (code4recovery/spec).

The feed is a JSON array of meetings, for the Meeting Guide app, TSML UI and the 12 Step Meeting List
plugin. The spec is for weekly meetings only, so only `repeat: weekly` schedule entries are exported
(a group's biweekly, monthly, cohort and unscheduled entries are left out, and so are groups that
have ended). Texts are in the export language (EXPORTS_LANGUAGE).

Mapping, group file → meeting:
- one entry per weekly day (`day` is one integer, 0 = Sunday … 6 = Saturday). `slug` must be unique in
  a feed (apps key favourites and links on it): a group with one weekly day keeps its own slug;
  otherwise each entry is "<slug>--<day>" (e.g. "tel-aviv-english-alcohol--wed"), plus "-HHMM" when
  two entries share a day, plus "-2", "-3" … when they share the start time too. A group slug never
  holds "--", so no entry of one group can take the slug of another group or of its entries. The
  importer strips these suffixes to put the group back together.
- name → `name`; start / end → `time` / `end_time` ("HH:MM"); the meeting's time zone (or the site's)
  → `timezone` (IANA).
- location: venue → `location`, address → `address`, city label → `city`, EXPORTS_COUNTRY → `country`,
  the city's region → `region` and the city → `sub_region`, geo → `latitude` / `longitude`,
  directions → `location_notes`. An online-only group gets the country's name as an approximate
  `formatted_address` ("approximate": "yes"), since the app places every meeting somewhere.
- online: join_url → `conference_url`, the online note → `conference_url_notes`. The spec has no
  "online" type: apps treat a meeting with a conference URL or phone as online, and one that also has
  an address as hybrid.
- `types`: membership open → "O", registration → "C" (12-step "closed" means for members only; the
  nearest we have). Meeting languages → the spec's language types (he → "HE", ar → "AR", en → "EN",
  ru → "RUS", am → "AM", …; a language the spec has no type for is left out). Audience keys →
  EXPORTS_MEETING_GUIDE_AUDIENCE (women → "W", men → "M", young adults → "Y", older adults → "SEN",
  LGBTQ+ → "LGBTQ"). A wheelchair-accessible venue → "X". A paused group → "TC" (temporarily closed)
  and no conference URL, so apps show it as inactive; its notes start with "paused until …".
- description (else summary), as plain text (Markdown removed) → `notes`.
- contact: name (first name or role only) / e-mail / phone → `contact_1_name` / `contact_1_email` /
  `contact_1_phone`.
- the group page → `url`; verified → `updated` ("YYYY-MM-DD 00:00:00").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

from directory.model import WEEKDAYS, Group, Weekly
from directory.render import long_date, markdown_to_html

from .open_data import Export, compact, joined

# 0 = Sunday … 6 = Saturday.
DAY_NUMBER = {day: (WEEKDAYS.index(day) + 1) % 7 for day in WEEKDAYS}
# ISO 639-1 → the spec's language types (code4recovery/spec, data/types.json).
LANGUAGE_TYPES = {
    "af": "AF",
    "am": "AM",
    "ar": "AR",
    "bg": "BG",
    "da": "DA",
    "de": "DE",
    "el": "EL",
    "en": "EN",
    "es": "S",
    "fa": "FA",
    "fi": "FI",
    "fr": "FR",
    "he": "HE",
    "hi": "HI",
    "hr": "HR",
    "hu": "HU",
    "is": "IS",
    "it": "ITA",
    "ja": "JA",
    "ka": "KA",
    "ko": "KOR",
    "lt": "LT",
    "ml": "ML",
    "mt": "MT",
    "ne": "NE",
    "nl": "NL",
    "no": "NO",
    "pa": "PUN",
    "pl": "POL",
    "pt": "POR",
    "ru": "RUS",
    "sk": "SK",
    "sl": "SL",
    "sv": "SV",
    "th": "TH",
    "tl": "TL",
    "tr": "TUR",
    "uk": "UK",
}
OPEN, CLOSED, WHEELCHAIR, TEMPORARILY_CLOSED = "O", "C", "X", "TC"
# Between a group's slug and an entry's day: never found in a group slug (model.SLUG).
ENTRY_SEPARATOR = "--"

_BREAKS = re.compile(r"<br ?/?>|</(?:p|h[1-6]|blockquote|pre)>")
_TAG = re.compile(r"<[^>]+>")


def plain_text(markdown: str) -> str:
    """Markdown as plain text (the spec's notes hold no formatting); list items keep a dash."""
    rendered = _BREAKS.sub("\n", markdown_to_html(markdown)).replace("<li>", "- ")
    text = html.unescape(_TAG.sub("", rendered))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines())).strip()


def meetings(groups: list[Group], export: Export) -> str:
    """The text of the feed: every weekly meeting of every group that has not ended, one entry per day, in a stable order."""

    def texts(group: Group) -> str:
        return ",".join(compact(meeting) for meeting in group_meetings(group, export))

    ordered = (g for g in sorted(groups, key=lambda g: g.slug) if g.status != "ended")
    return joined(export.per_group("meeting-guide", g, lambda g=g: texts(g)) for g in ordered) + "\n"


def _slugs(group: Group, entries: list[tuple[Weekly, str]]) -> list[str]:
    """A feed slug per entry, unique across the feed (see the module's notes)."""
    if len(entries) == 1:
        return [group.slug]
    days = [day for _, day in entries]
    slugs: list[str] = []
    seen: Counter[str] = Counter()
    for meeting, day in entries:
        slug = f"{group.slug}{ENTRY_SEPARATOR}{day}" + (f"-{meeting.start:%H%M}" if days.count(day) > 1 else "")
        seen[slug] += 1
        slugs.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return slugs


def group_meetings(group: Group, export: Export) -> list[dict[str, Any]]:
    """A group's weekly meetings as feed entries."""
    entries = [(m, day) for m in group.schedule if isinstance(m, Weekly) for day in m.days]
    if not entries:
        return []
    common = _common(group, export)
    default_zone = export.site.settings["GROUPS_TIMEZONE"]
    found = []
    for (meeting, day), slug in zip(entries, _slugs(group, entries), strict=True):
        record = {
            **common,
            "slug": slug,
            "day": DAY_NUMBER[day],
            "time": f"{meeting.start:%H:%M}",
            "end_time": f"{meeting.end:%H:%M}" if meeting.end else None,
            "timezone": meeting.timezone or default_zone,
        }
        found.append({key: value for key, value in record.items() if value is not None})
    return sorted(found, key=lambda m: (m["day"], m["time"], m["slug"]))


def types(group: Group, export: Export) -> list[str]:
    """The group's Meeting Guide types, sorted."""
    found = {OPEN if group.membership == "open" else CLOSED}
    found.update(LANGUAGE_TYPES[lang] for lang in group.languages if lang in LANGUAGE_TYPES)
    audience = export.settings["EXPORTS_MEETING_GUIDE_AUDIENCE"]
    found.update(audience[key] for key in group.audience if key in audience)
    if group.location and group.location.wheelchair_accessible:
        found.add(WHEELCHAIR)
    if group.status == "paused":
        found.add(TEMPORARILY_CLOSED)
    return sorted(found)


def _notes(group: Group, export: Export) -> str:
    notes = plain_text(export.text(group.description or group.summary) or "")
    if group.status == "paused":
        _ = export.gettext
        paused = (
            _("Meetings are paused until %(date)s.") % {"date": long_date(group.paused_until, export.language)}
            if group.paused_until
            else _("Meetings are paused for now.")
        )
        notes = f"{paused}\n\n{notes}"
    return notes


def _common(group: Group, export: Export) -> dict[str, Any]:
    """What every entry of a group shares: name, place, link, types, notes, contact."""
    contact = group.contact
    record: dict[str, Any] = {
        "name": export.text(group.name),
        "types": types(group, export),
        "notes": _notes(group, export),
        "url": export.url(export.page(group.slug, export.lang)),
        "updated": f"{group.verified:%Y-%m-%d} 00:00:00",
        "contact_1_name": export.text(contact.name),
        "contact_1_email": contact.email,
        "contact_1_phone": contact.phone or contact.whatsapp,
    }
    country = export.settings["EXPORTS_COUNTRY"]
    place = group.location
    if place is not None:
        term = export.taxonomy.cities.get(place.city)
        record.update(
            {
                "location": export.text(place.venue),
                "location_notes": export.text(place.directions),
                "address": export.text(place.address),
                "city": export.label("cities", place.city),
                "country": country,
                "region": export.label("regions", term.region) if term and term.region else None,
                "sub_region": export.label("cities", place.city),
                "latitude": round(place.geo[0], 5) if place.geo else None,
                "longitude": round(place.geo[1], 5) if place.geo else None,
                "approximate": "no" if place.address or place.geo else "yes",
            }
        )
    else:
        record["formatted_address"] = export.language.locale.territories.get(country, country)
        record["approximate"] = "yes"
    if group.online is not None and group.status != "paused":
        record["conference_url"] = group.online.join_url
        record["conference_url_notes"] = export.text(group.online.note)
    return record
