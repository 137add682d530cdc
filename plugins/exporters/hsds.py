"""`/data/hsds/services.json`: every group as an Open Referral HSDS 3.0 service, complete with its parts.

The file is a JSON array of service objects as HSDS's compiled `schema/compiled/service.json` describes
them (organization, service_at_locations with their location, schedules, phones, contacts, languages,
cost_options, attributes), sorted by slug. HSDS holds one text per field, so texts are in the export
language (EXPORTS_LANGUAGE, the site's first language by default), falling back as the site does.

Mapping decisions:
- IDs are uuid5(EXPORTS_ID_NAMESPACE, "<slug>/<part>"), e.g. "haifa-hearing-voices/service", so every
  build gives the same IDs. Records shared between groups use a key no slug can give: a taxonomy term is
  "#taxonomy/topics/<key>", a host organisation "#organization/<its name in the site's first language>".
- organization: the group's `organization` when it names one; two groups with the same host name share
  its record. A group with none (self-help, independent) gets an organisation record describing the
  group itself, "<slug>/organization": its name and summary, e-mail and website. HSDS needs an
  organisation for every service, and a self-run group is its own organisation. A host's description
  (required) is its name in every language the file gives it, as we hold nothing else about hosts.
- status: active → "active", paused → "temporarily closed" (`alert` says until when), ended → "defunct".
- url: the group's own website, else its page on this site (only when SITEURL is absolute: HSDS wants an
  absolute URI); schedules link to the group page (`schedule_link`), which lists the next meetings.
- schedules: one per schedule entry, from the same RRULE the site and the .ics use (`schedule.rrule`):
  freq, interval, wkst, byday ("1TU,3TU" for the first and third Tuesday), bymonthday, count, until.
  dtstart is the first meeting of the series. opens_at / closes_at are wall-clock "HH:MM" in the
  meeting's IANA time zone, which `notes` names; `timezone` (a number in HSDS) is the UTC offset on
  dtstart, as HSDS cannot say "Asia/Jerusalem" and the offset changes with daylight-saving time.
  `description` is "when" in words, as on the group page. Meetings by arrangement and ongoing
  (asynchronous) groups get a schedule with only a description.
- locations: a physical location (venue, address, city, district as state_province, country, geo,
  wheelchair access as accessibility, directions as transportation) for in-person and hybrid groups; a
  virtual location (platform, join URL) for online and hybrid ones. postal_code is required by HSDS and
  not collected: it is "".
- phones: the contact phone (type "voice") and WhatsApp number (type "text"), in E.164; contacts: the
  group's contact (first name or role only), its e-mail and those phones.
- cost_options: free / donation / fee as `option` (free has amount 0), the cost note as amount_description.
- attributes: one per topic (link_type "topic", parent term: the topic's family) and audience key
  (link_type "audience"), each with its taxonomy term: code = the taxonomy key, name = the label,
  description = the labels in every site language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.lists import format_list
from markupsafe import Markup

from directory.model import Cohort, Group, Location, Online
from directory.render import hours, language_name, long_date, meeting_when
from directory.schedule import first_occurrence, rrule, series_start, zone
from directory.vocabulary import translated

from .open_data import Export, compact, joined

STATUS = {"active": "active", "paused": "temporarily closed", "ended": "defunct"}


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its empty (None) fields."""
    return {key: value for key, value in record.items() if value is not None}


def vocabulary_labels(export: Export) -> dict[str, dict[str, str]]:
    """The site's labels of fixed values (directory/vocabulary.py) and the export's own sentences, translated."""
    _ = export.gettext
    return {
        **{field: translated(field, _) for field in ("attendance", "cost", "platform")},
        "membership": {
            "open": _(
                "The group is open: you can come to a meeting without registering. You can also get in touch first."
            ),
            "registration": _("Get in touch with the group before your first meeting to register."),
        },
        "wheelchair": {
            True: _("The venue is wheelchair accessible."),
            False: _("The venue is not wheelchair accessible."),
        },
    }


def services(groups: list[Group], export: Export) -> str:
    """The text of services.json: every group as an HSDS service, sorted by slug."""
    labels = vocabulary_labels(export)
    texts = (
        export.per_group("hsds", group, lambda group=group: compact(service(group, export, labels)))
        for group in sorted(groups, key=lambda g: g.slug)
    )
    return joined(texts) + "\n"


def service(group: Group, export: Export, labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One group as a complete HSDS service object."""
    slug = group.slug
    sid = export.uuid(slug, "service")
    org = organization(group, export)
    page = export.absolute(export.page(slug, export.lang))
    phones = _phones(group, export, sid)
    description = export.text(group.summary)
    if group.description:
        description = f"{description}\n\n{export.text(group.description)}"
    audience = [export.label("audience", key) for key in group.audience]
    fees = labels["cost"][group.cost] + (f": {export.text(group.cost_note)}" if group.cost_note else "")
    contact = group.contact
    return _clean(
        {
            "id": sid,
            "organization_id": org["id"],
            "organization": org,
            "name": export.text(group.name),
            "description": description,
            "url": contact.website or page,
            "email": contact.email,
            "status": STATUS[group.status],
            "application_process": labels["membership"][group.membership],
            "fees_description": fees,
            "eligibility_description": format_list(audience, locale=export.language.locale) if audience else None,
            "assured_date": group.verified.isoformat(),
            "alert": _alert(group, export),
            "phones": phones,
            "schedules": [
                schedule(group, i, export, sid=sid, page=page, labels=labels) for i in range(len(group.schedule))
            ],
            "service_at_locations": _service_at_locations(group, export, sid, labels),
            "languages": [
                {
                    "id": export.uuid(slug, f"language/{code}"),
                    "service_id": sid,
                    "name": language_name(code, export.language),
                    "code": code,
                }
                for code in group.languages
            ],
            "contacts": [
                _clean(
                    {
                        "id": export.uuid(slug, "contact"),
                        "service_id": sid,
                        "name": export.text(contact.name),
                        "email": contact.email,
                        "phones": phones,
                    }
                )
            ],
            "cost_options": [
                _clean(
                    {
                        "id": export.uuid(slug, "cost"),
                        "service_id": sid,
                        "option": labels["cost"][group.cost],
                        "amount": 0 if group.cost == "free" else None,
                        "amount_description": export.text(group.cost_note),
                    }
                )
            ],
            "attributes": [_attribute(group, "topics", key, export, sid) for key in group.topics]
            + [_attribute(group, "audience", key, export, sid) for key in group.audience],
        }
    )


def organization(group: Group, export: Export) -> dict[str, Any]:
    """The group's host organisation, or (for a group with none) a record of the group as its own organisation."""
    if group.organization is None:
        return _clean(
            {
                "id": export.uuid(group.slug, "organization"),
                "name": export.text(group.name),
                "description": export.text(group.summary),
                "email": group.contact.email,
                "website": group.contact.website,
            }
        )
    names = group.organization
    first = names.pick(export.site.codes[0], export.site.codes[1:])[0]
    others = [names.get(lang) for lang in export.site.codes if names.get(lang)]
    return {
        "id": export.uuid("#organization", first.casefold()),
        "name": export.text(names),
        "description": " / ".join(others) or export.text(names),
    }


def _alert(group: Group, export: Export) -> str | None:
    if group.status == "paused" and group.paused_until:
        return export.gettext("Meetings are paused until %(date)s.") % {
            "date": long_date(group.paused_until, export.language)
        }
    if group.status == "paused":
        return export.gettext("Meetings are paused for now.")
    if group.status == "ended":
        return export.gettext("This group no longer meets.")
    return None


def _phones(group: Group, export: Export, sid: str) -> list[dict[str, Any]]:
    phones = []
    if group.contact.phone:
        phones.append(
            {"id": export.uuid(group.slug, "phone"), "service_id": sid, "number": group.contact.phone, "type": "voice"}
        )
    if group.contact.whatsapp:
        phones.append(
            {
                "id": export.uuid(group.slug, "whatsapp"),
                "service_id": sid,
                "number": group.contact.whatsapp,
                "type": "text",
                "description": "WhatsApp",
            }
        )
    return phones


def _offset_hours(day: dt.date, meeting: Any, default_zone: str) -> int | float:
    """The UTC offset, in hours, of the meeting's time zone on a day (HSDS's numeric `timezone`)."""
    offset = dt.datetime.combine(day, meeting.start, zone(meeting, default_zone)).utcoffset()
    hours = (offset or dt.timedelta()).total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def _until(value: str) -> str:
    """An RRULE UNTIL (20270131T235959) as an ISO date."""
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def schedule(
    group: Group, index: int, export: Export, *, sid: str, page: str | None, labels: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One schedule entry of a group as an HSDS schedule, from its RRULE."""
    meeting = group.schedule[index]
    site = export.site
    when = Markup(meeting_when(meeting, export.language, site.fallbacks(export.lang), site.languages)).striptags()
    record: dict[str, Any] = {
        "id": export.uuid(group.slug, f"schedule/{index}"),
        "service_id": sid,
        "description": when,
        "attending_type": labels["attendance"][group.attendance],
        "schedule_link": page,
    }
    rule = rrule(meeting)
    if rule is None:
        return _clean(record)
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    default_zone = site.settings["GROUPS_TIMEZONE"]
    first = first_occurrence(meeting, group)
    start = first.date() if first else series_start(meeting, group)
    zone_name = getattr(meeting, "timezone", None) or default_zone
    shown = hours(meeting)
    if meeting.ends_next_day:
        shown += " " + export.gettext("(ends after midnight)")
    record.update(
        {
            "description": f"{when} · {shown}",
            "freq": parts["FREQ"],
            "interval": int(parts.get("INTERVAL", "1")),
            "wkst": parts.get("WKST"),
            "byday": parts.get("BYDAY"),
            "bymonthday": parts.get("BYMONTHDAY"),
            "count": int(parts["COUNT"]) if "COUNT" in parts else None,
            "until": _until(parts["UNTIL"]) if "UNTIL" in parts else None,
            "dtstart": start.isoformat(),
            "valid_from": meeting.first_date.isoformat() if isinstance(meeting, Cohort) else None,
            "valid_to": meeting.last_date.isoformat() if isinstance(meeting, Cohort) else None,
            "timezone": _offset_hours(start, meeting, default_zone),
            "opens_at": f"{meeting.start:%H:%M}",
            "closes_at": f"{meeting.end:%H:%M}" if meeting.end else None,
            "notes": export.gettext("(%(zone)s time)") % {"zone": zone_name},
        }
    )
    return _clean(record)


def _service_at_locations(
    group: Group, export: Export, sid: str, labels: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    found = []
    if group.location is not None:
        found.append(("physical", _physical(group.slug, group.location, export, labels)))
    if group.online is not None:
        found.append(("virtual", _virtual(group.slug, group.online, export, labels)))
    return [
        {
            "id": export.uuid(group.slug, f"service-at-location/{kind}"),
            "service_id": sid,
            "location_id": location["id"],
            "location": location,
        }
        for kind, location in found
    ]


def _physical(slug: str, place: Location, export: Export, labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    lid = export.uuid(slug, "location/physical")
    city = export.label("cities", place.city)
    term = export.taxonomy.cities.get(place.city)
    region = export.label("regions", term.region) if term and term.region else city
    address = {
        "id": export.uuid(slug, "address"),
        "location_id": lid,
        "address_1": export.text(place.address) or export.text(place.venue) or city,
        "city": city,
        "state_province": region,
        "postal_code": "",
        "country": export.settings["EXPORTS_COUNTRY"],
        "address_type": "physical",
    }
    accessibility = None
    if place.wheelchair_accessible is not None:
        accessibility = [
            {
                "id": export.uuid(slug, "accessibility"),
                "location_id": lid,
                "description": labels["wheelchair"][place.wheelchair_accessible],
            }
        ]
    return _clean(
        {
            "id": lid,
            "location_type": "physical",
            "name": export.text(place.venue) or city,
            "transportation": export.text(place.directions),
            "latitude": place.geo[0] if place.geo else None,
            "longitude": place.geo[1] if place.geo else None,
            "addresses": [address],
            "accessibility": accessibility,
        }
    )


def _virtual(slug: str, online: Online, export: Export, labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return _clean(
        {
            "id": export.uuid(slug, "location/virtual"),
            "location_type": "virtual",
            "name": labels["platform"][online.platform],
            "url": online.join_url,
            "description": export.text(online.note),
        }
    )


def _attribute(group: Group, vocabulary: str, key: str, export: Export, sid: str) -> dict[str, Any]:
    """A topic or audience key as an HSDS attribute with its taxonomy term."""
    terms = getattr(export.taxonomy, vocabulary)
    term = terms[key]
    taxonomy_id = export.uuid("#taxonomy", vocabulary)
    heading = export.gettext("Topics") if vocabulary == "topics" else export.gettext("Audience")
    parent = getattr(term, "family", None) if vocabulary == "topics" else None
    taxonomy_term = {
        "id": export.uuid("#taxonomy", vocabulary, key),
        "code": key,
        "name": export.text(term.label),
        "description": " / ".join(term.label.get(lang) for lang in export.site.codes if term.label.get(lang))
        or export.text(term.label),
        "parent_id": export.uuid("#taxonomy", "families", parent) if parent else None,
        "taxonomy": f"{export.sitename}: {vocabulary}",
        "taxonomy_id": taxonomy_id,
        "language": export.lang,
        "taxonomy_detail": {"id": taxonomy_id, "name": heading, "description": f"{export.sitename}: {heading}"},
    }
    return {
        "id": export.uuid(group.slug, f"attribute/{vocabulary}/{key}"),
        "link_id": sid,
        "link_type": "topic" if vocabulary == "topics" else "audience",
        "link_entity": "service",
        "taxonomy_term_id": taxonomy_term["id"],
        "taxonomy_term": _clean(taxonomy_term),
    }
