"""What search engines and other directories read: JSON-LD, the sitemap, robots.txt and Atom feeds."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from feedgenerator import Atom1Feed

from directory.model import WEEKDAYS, Group, LocalizedText, Monthly, Taxonomy, Unscheduled

SCHEMA_DAYS = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
MODES = {
    "in-person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}
STATUS = {
    "active": "EventScheduled",
    "paused": "EventPostponed",
    "ended": "EventCancelled",
    "forming": "EventScheduled",
}


@dataclass(frozen=True)
class PageUrls:
    """One page of the site in every language it exists in (relative URLs, default language first)."""

    urls: dict[str, str]


SITEMAP_KEY = "sitemap_pages"


def register_page(context: dict[str, object], urls: dict[str, str]) -> None:
    """Let another plugin's page into sitemap.xml; call it from generate_context (the sitemap is written later)."""
    context.setdefault(SITEMAP_KEY, []).append(PageUrls(dict(urls)))  # type: ignore[union-attr]


def _schedule(meeting: object, zone: str) -> dict[str, object] | None:
    if isinstance(meeting, Unscheduled):
        return None
    item: dict[str, object] = {
        "@type": "Schedule",
        "startTime": f"{meeting.start:%H:%M}",
        "scheduleTimezone": meeting.timezone or zone,
    }
    if meeting.end:
        # endTime alone cannot say that 00:30 is the next day; the duration (PT1H) can.
        minutes = int(meeting.duration.total_seconds()) // 60
        item["endTime"] = f"{meeting.end:%H:%M}"
        hours, rest = divmod(minutes, 60)
        item["duration"] = "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")
    if isinstance(meeting, Monthly) and meeting.day_of_month:
        item |= {"repeatFrequency": "P1M", "byMonthDay": meeting.day_of_month}
    elif isinstance(meeting, Monthly):
        item |= {
            "repeatFrequency": "P1M",
            "byMonthWeek": meeting.weeks,
            "byDay": [f"https://schema.org/{SCHEMA_DAYS[d]}" for d in meeting.days or []],
        }
    else:
        item["repeatFrequency"] = "P2W" if meeting.repeat == "biweekly" else "P1W"
        item["byDay"] = [f"https://schema.org/{SCHEMA_DAYS[d]}" for d in meeting.days]
    for field, key in (("first_date", "startDate"), ("last_date", "endDate")):
        if getattr(meeting, field, None):
            item[key] = getattr(meeting, field).isoformat()
    return item


def group_jsonld(
    group: Group,
    lang: str,
    *,
    fallbacks: tuple[str, ...],
    taxonomy: Taxonomy,
    url: str,
    zone: str,
    organizer: LocalizedText | None = None,
) -> str:
    """A schema.org Event describing the group, as a JSON string safe inside a <script> element."""
    pick = lambda text: text.pick(lang, fallbacks)[0]  # noqa: E731
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": pick(group.name),
        "description": pick(group.summary),
        "url": url,
        "eventAttendanceMode": f"https://schema.org/{MODES[group.attendance]}",
        "eventStatus": f"https://schema.org/{STATUS[group.status]}",
        "inLanguage": group.languages,
        "isAccessibleForFree": group.cost != "fee",
        "keywords": [pick(taxonomy.topics[t].label) for t in group.topics],
        "eventSchedule": [s for s in (_schedule(m, zone) for m in group.schedule) if s],
    }
    places: list[dict[str, object]] = []
    if group.location:
        address = {
            "@type": "PostalAddress",
            "addressLocality": pick(taxonomy.cities[group.location.city].label),
            "addressCountry": "IL",
        }
        if group.location.address:
            address["streetAddress"] = pick(group.location.address)
        place: dict[str, object] = {"@type": "Place", "address": address}
        if group.location.venue:
            place["name"] = pick(group.location.venue)
        if group.location.geo:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": group.location.geo[0],
                "longitude": group.location.geo[1],
            }
        places.append(place)
    if group.online:
        places.append({"@type": "VirtualLocation", "url": group.online.join_url or url})
    if places:
        data["location"] = places if len(places) > 1 else places[0]
    if organizer is not None:
        data["organizer"] = {"@type": "Organization", "name": pick(organizer)}
    # "</" inside a script element would end it: JSON allows "<" to be written as \u003c.
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def sitemap(pages: Iterable[PageUrls], base: str) -> str:
    """sitemap.xml: every page with its hreflang alternates."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        for url in dict.fromkeys(page.urls.values()):
            lines.append(f"  <url><loc>{_xml_text(base + url)}</loc>")
            if len(page.urls) > 1:
                lines.extend(
                    f'    <xhtml:link rel="alternate" hreflang="{lang}" href={_xml_attribute(base + other)}/>'
                    for lang, other in page.urls.items()
                )
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


# Characters XML text or a quoted attribute must escape: the site's own addresses have none, and
# escaping every one of them (a million at 10,000 groups) took most of the sitemap's time.
_XML_SPECIAL = re.compile("[&<>\"'\n\r\t]")


def _xml_text(text: str) -> str:
    return escape(text) if _XML_SPECIAL.search(text) else text


def _xml_attribute(text: str) -> str:
    return quoteattr(text) if _XML_SPECIAL.search(text) else f'"{text}"'


def robots(base: str) -> str:
    """robots.txt: everything may be indexed; the sitemap says where the pages are."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


class TextSummaryFeed(Atom1Feed):
    """An Atom feed whose entry summaries are plain text (a group's summary is text, not HTML)."""

    def add_item_elements(self, handler, item) -> None:
        """Write the entry as Atom1Feed does, then its summary as type="text"."""
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def new_groups_feed(
    entries: list[tuple[Group, str, str, str]], title: str, home: str, feed_url: str, lang: str, *, today: dt.date
) -> str:
    """An Atom feed of the newest groups: (group, name, summary, url) newest first; no date after `today`."""
    feed = TextSummaryFeed(
        title=title, link=home, description=title, language=lang, feed_url=feed_url, feed_guid=feed_url
    )
    for group, name, summary, url in entries:
        # A date in the future would keep an entry at the top of every reader; the build day is the latest.
        listed = min(group.listed or group.verified, today)
        feed.add_item(
            title=name,
            link=url,
            description=summary,
            unique_id=url,
            pubdate=dt.datetime.combine(listed, dt.time(), dt.UTC),
            updateddate=dt.datetime.combine(min(max(listed, group.verified), today), dt.time(), dt.UTC),
        )
    return feed.writeString("utf-8")
