"""Template helpers that know the language of the page being rendered."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel.lists import format_list
from jinja2 import nodes, pass_context
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context
from markupsafe import Markup

from directory import render, vocabulary
from directory.browse import WEEK_FROM_SUNDAY
from directory.i18n import Language, load_languages
from directory.model import WEEKDAYS, Group, LocalizedText
from directory.organization import helping, host_name
from directory.schedule import client_rules, months_between, next_meetings, weekdays
from directory.settings import effective
from plugins.pages import discover
from plugins.pages.gettext import context_language, install_gettext, page_helper
from plugins.pages.qr import qr_svg

SITE_KEY = "groups_site"


@dataclass(frozen=True)
class Site:
    """What every template of a build shares: the plugin's settings and the site's languages."""

    settings: dict[str, Any]
    languages: dict[str, Language]

    @property
    def codes(self) -> tuple[str, ...]:
        """The site's language codes, default first."""
        return tuple(self.languages)

    def url(self, pattern: str, **parts: str) -> str:
        """Fill a URL pattern from the settings, e.g. GROUPS_GROUP_URL."""
        return self.settings[pattern].format(**parts)

    def fallbacks(self, lang: str) -> tuple[str, ...]:
        """Languages to show when a text is missing in `lang`."""
        return tuple(self.settings["GROUPS_FALLBACKS"].get(lang, ()))


def site_for(context: dict[str, Any], settings: dict[str, Any]) -> Site:
    """The build's Site, made once and kept in Pelican's shared context."""
    if SITE_KEY not in context:
        merged = effective(settings)
        context[SITE_KEY] = Site(
            merged,
            load_languages(
                tuple(merged["GROUPS_LANGUAGES"]),
                merged["GROUPS_LANGUAGE_INFO_PATH"],
                merged["GROUPS_TRANSLATIONS_PATH"],
            ),
        )
    return context[SITE_KEY]


class Once(Extension):
    """`{% once "partials/x.html" %}`: a partial that is the same on every page of a language, rendered once.

    For the header, menus, crisis lines and footer. Such a partial may use the page's language, the
    settings and what the whole build shares, nothing of the page itself: its first rendering in a
    language is reused for every other page. It is a tag, not a helper, so that it keeps the whitespace
    of the `{% include %}` it stands for. The memo lives as long as the Environment: one generator, one build.
    """

    tags = frozenset({"once"})

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.memo: dict[tuple[Any, ...], Markup] = {}

    def parse(self, parser: Parser) -> nodes.Node:
        """`once` followed by the partial's name."""
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        call = self.call_method("render_once", [nodes.ContextReference(), name], lineno=lineno)
        return nodes.Output([nodes.MarkSafe(call)], lineno=lineno)

    def render_once(self, ctx: Context, name: str) -> str:
        """The partial `name` in the page's language, rendered on its first use in the build."""
        key = (name, context_language(ctx), ctx.get("SITEURL"), ctx.eval_ctx.autoescape)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = Markup(self.environment.get_template(name).render(ctx.get_all()))
        return found


def once_partials(tree: nodes.Template) -> list[str]:
    """The partials a parsed template renders through `{% once %}`: they count as included."""
    return [
        call.args[1].value
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.ExtensionAttribute) and call.node.name == "render_once"
        if len(call.args) == 2 and isinstance(call.args[1], nodes.Const) and isinstance(call.args[1].value, str)
    ]


def _page(ctx: Context) -> tuple[Site, Language]:
    site: Site = ctx[SITE_KEY]
    return site, site.languages[context_language(ctx)]


@page_helper
def text(ctx: Context, value: LocalizedText | None, block: bool = False) -> Markup:
    """A group text in the page's language, or a marked fallback."""
    site, page = _page(ctx)
    return render.localized(value, page, site.fallbacks(page.code), site.languages, block)


@page_helper
def fallback_of(ctx: Context, value: LocalizedText | None) -> str | None:
    """The name of the language a text falls back to on this page, or None."""
    site, page = _page(ctx)
    lang = render.fallback_language(value, page, site.fallbacks(page.code))
    return render.language_name(lang, page) if lang else None


@page_helper
def label(ctx: Context, vocabulary: str, key: str) -> Markup:
    """A taxonomy label (topic, audience, city, region) in the page's language."""
    term = getattr(ctx["taxonomy"], vocabulary).get(key)
    return text(ctx, term.label) if term else Markup(key)


@page_helper
def language_name(ctx: Context, code: str) -> str:
    """A meeting language's name in the page's language."""
    return render.language_name(code, _page(ctx)[1])


@page_helper
def date(ctx: Context, day: dt.date) -> str:
    """A date in the page's language."""
    return render.long_date(day, _page(ctx)[1])


@page_helper
def when(ctx: Context, meeting: object) -> Markup:
    """When a meeting happens, in words."""
    site, page = _page(ctx)
    return render.meeting_when(meeting, page, site.fallbacks(page.code), site.languages)


@page_helper
def hours(ctx: Context, meeting: object) -> Markup:
    """A meeting's hours."""
    site, page = _page(ctx)
    return render.meeting_time(meeting, page, site.settings["GROUPS_TIMEZONE"])


@page_helper
def hours_text(ctx: Context, meeting: object) -> str:
    """A meeting's hours as plain text, isolated (FSI … PDI) so RTL text keeps their order."""
    site, page = _page(ctx)
    return render.meeting_time_text(meeting, page, site.settings["GROUPS_TIMEZONE"])


@page_helper
def page_language(ctx: Context) -> Language:
    """The Language of the page being rendered."""
    return _page(ctx)[1]


@page_helper
def alternates(ctx: Context) -> list[dict[str, str]]:
    """This page in every language it exists in: lang, url, name, for hreflang and the switcher."""
    site: Site = ctx[SITE_KEY]
    urls: dict[str, str] = dict(ctx.get("alternate_urls") or {})
    content = ctx.get("page")
    if not urls and content is not None:
        urls = {content.lang: content.url, **{t.lang: t.url for t in content.translations}}
    return [
        {
            "lang": code,
            "url": urls[code],
            "name": site.languages[code].name,
            "dir": site.languages[code].direction,
            "locale": str(site.languages[code].locale),
        }
        for code in site.codes
        if code in urls
    ]


URL_PATTERNS = {
    "home": "GROUPS_HOME_URL",
    "group": "GROUPS_GROUP_URL",
    "browse_index": "GROUPS_BROWSE_INDEX_URL",
    "browse": "GROUPS_BROWSE_URL",
    "print": "GROUPS_PRINT_URL",
    "start": "GROUPS_START_URL",
    "list": "GROUPS_LIST_URL",
    "today": "GROUPS_TODAY_URL",
    "feed": "GROUPS_FEED_URL",
    "organization": "GROUPS_ORGANIZATION_URL",
    "organizations": "GROUPS_ORGANIZATIONS_URL",
}


@page_helper
def url_for(ctx: Context, target: str, slug: str = "", lang: str | None = None, **parts: str) -> str:
    """A site URL of a `target` page (home, group, browse_index, browse, print) in the page's language or `lang`."""
    site, page = _page(ctx)
    return site.url(URL_PATTERNS[target], lang=lang or page.code, slug=slug, **parts)


@page_helper
def day_name(ctx: Context, day: str) -> str:
    """A weekday key (tue) as the page's language names it."""
    from babel.dates import get_day_names

    return get_day_names("wide", locale=_page(ctx)[1].locale)[WEEKDAYS.index(day)]


@page_helper
def forming_when(ctx: Context, group: Group) -> str:
    """What a group being founded shows in place of its meeting time, in the page's language."""
    return render.forming_when(group.planned_start, _page(ctx)[1])


@page_helper
def next_dates(ctx: Context, group: Group) -> list[dict[str, str]]:
    """The group's next three meetings, as the page's language writes the day and time."""
    site, page = _page(ctx)
    found = next_meetings(group, ctx["today"], site.settings["GROUPS_TIMEZONE"])
    return [
        {
            "date": o.start.date().isoformat(),
            "day": render.weekday_and_date(o.start.date(), page),
            "time": f"{o.start:%H:%M}" + (f"–{o.end:%H:%M}" if o.end else ""),
        }
        for o in found
    ]


@page_helper
def schedule_json(ctx: Context, group: Group) -> str:
    """The group's rules for the browser to refresh the next dates (see theme/static/js/next-dates.js)."""
    site = ctx[SITE_KEY]
    paused = group.paused_until.isoformat() if group.status == "paused" and group.paused_until else None
    data = {"rules": client_rules(group, site.settings["GROUPS_TIMEZONE"]), "from": paused}
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


@page_helper
def jsonld(ctx: Context, group: Group) -> Markup:
    """The group as schema.org JSON-LD (already safe inside a <script> element)."""
    site, page = _page(ctx)
    url = f"{ctx.get('SITEURL', '')}/{site.url('GROUPS_GROUP_URL', lang=page.code, slug=group.slug)}"
    return Markup(
        discover.group_jsonld(
            group,
            page.code,
            fallbacks=site.fallbacks(page.code),
            taxonomy=ctx["taxonomy"],
            url=url,
            zone=site.settings["GROUPS_TIMEZONE"],
            organizer=host_name(group, ctx.get("organizations") or {}),
        )
    )


@page_helper
def edit_url(ctx: Context, group: Group) -> str:
    """GitHub's edit page of the group's file ("suggest an edit")."""
    conf = ctx[SITE_KEY].settings
    return (
        f"https://github.com/{conf['GROUPS_REPOSITORY']}/edit/{conf['GROUPS_BRANCH']}/content/groups/{group.slug}.yaml"
    )


@page_helper
def report_url(ctx: Context, group: Group) -> str:
    """GitHub's issue form for a change to this group ("report a problem")."""
    conf = ctx[SITE_KEY].settings
    query = urlencode(
        {"template": "update-group.yml", "title": f"Update: {group.slug}", "group": f"content/groups/{group.slug}.yaml"}
    )
    return f"https://github.com/{conf['GROUPS_REPOSITORY']}/issues/new?{query}"


@page_helper
def phone_display(ctx: Context, number: str) -> str:
    """A stored E.164 number as people dial it: national form at home, international abroad."""
    return _dialled(number, ctx[SITE_KEY].settings["GROUPS_PHONE_REGION"])


@cache
def _dialled(number: str, home: str) -> str:
    import phonenumbers  # local: only phone display needs it

    parsed = phonenumbers.parse(number)
    local = phonenumbers.region_code_for_number(parsed) == home
    style = phonenumbers.PhoneNumberFormat.NATIONAL if local else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(parsed, style)


def map_url(location: Any) -> str:
    """An OpenStreetMap link (a link, never embedded tiles: no third-party requests)."""
    if location.geo:
        lat, lon = location.geo
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    address = location.address.pick("en")[0] if location.address else location.city
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})


@page_helper
def public_url(ctx: Context, path: str = "") -> str:
    """An absolute address of a page, as printed on paper: under SITEURL, or the site's host when the build has none."""
    base = str(ctx.get("SITEURL") or "")
    if not urlsplit(base).netloc:
        base = f"https://{ctx[SITE_KEY].settings['GROUPS_CALENDAR_HOST']}{base}"
    return f"{base.rstrip('/')}/{path}"


def printed_address(url: str) -> str:
    """An address as people type it from paper: no https://, no www."""
    return re.sub(r"^https?://(www\.)?", "", url)


@cache
def qr_code(url: str) -> Markup:
    """A QR code of an address as inline SVG, made at build time (segno's code, see qr.py; no service is asked)."""
    return Markup(qr_svg(url))


def qr_file(url: str) -> Markup:
    """The QR code of an address as a standalone SVG file (the same code as the printed directory's)."""
    return standalone_svg(qr_code(url))


def standalone_svg(inline: str) -> Markup:
    """An inline SVG element as the content of an .svg file."""
    return Markup(str(inline).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def directions_url(location: Any) -> str:
    """OpenStreetMap's route planner to the venue (a link the visitor follows; nothing is embedded)."""
    if location.geo:
        lat, lon = location.geo
        target = f"{lat},{lon}"
    else:
        target = location.address.pick("en")[0] if location.address else location.city
    return "https://www.openstreetmap.org/directions?" + urlencode({"to": target})


def geo_uri(location: Any) -> str | None:
    """A geo: URI (RFC 5870) that opens the phone's own maps app at the venue, when the file gives coordinates."""
    if not location.geo:
        return None
    lat, lon = location.geo
    return f"geo:{lat},{lon}?q={lat},{lon}"


@page_helper
def helping_centres(ctx: Context) -> list[Any]:
    """Every organisation that finds groups for people or helps start one, centres first (the search page filters them)."""
    return helping((ctx.get("organizations") or {}).values())


@page_helper
def centre_places(ctx: Context) -> str:
    """Each city's region and names in every language and their synonyms, for the browser to tell which city a query names."""
    taxonomy = ctx["taxonomy"]
    places = {
        key: [term.region, *term.label.root.values(), *(word for words in term.synonyms.values() for word in words)]
        for key, term in taxonomy.cities.items()
    }
    return json.dumps(places, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # escaped into an attribute


@dataclass(frozen=True)
class Action:
    """The one thing a group's card lets a visitor do at once: call, join, message or write."""

    kind: str  # call, join, whatsapp, email, website
    href: str
    value: str  # what follows the label (a number, an address); "" for none


def card_action(group: Group, region: str) -> Action | None:
    """A card's action: the meeting link of an online group that meets, else the first way to reach it."""
    joinable = group.online and group.online.join_url and group.status == "active"
    contact = group.contact
    if joinable and group.attendance == "online":
        return Action("join", group.online.join_url, "")
    if contact.phone:
        return Action("call", f"tel:{contact.phone}", _dialled(contact.phone, region))
    if contact.whatsapp:
        return Action("whatsapp", f"https://wa.me/{contact.whatsapp.lstrip('+')}", _dialled(contact.whatsapp, region))
    if joinable:
        return Action("join", group.online.join_url, "")
    if contact.email:
        return Action("email", f"mailto:{contact.email}", contact.email)
    if contact.website:
        return Action("website", contact.website, printed_address(contact.website).rstrip("/"))
    return None


@page_helper
def action_of(ctx: Context, group: Group) -> Action | None:
    """The card's action of a group (see card_action)."""
    return card_action(group, ctx[SITE_KEY].settings["GROUPS_PHONE_REGION"])


@page_helper
def stale_months(ctx: Context, group: Group) -> int | None:
    """How many months ago the details were confirmed, when that is long enough ago to say so on a card."""
    months = months_between(group.verified, ctx["today"])
    return months if months >= ctx[SITE_KEY].settings["GROUPS_STALE_MONTHS"] else None


def other_languages(group: Group, page: Language) -> str:
    """The meeting languages, as a list in the page's language, when the group does not meet in it; else ""."""
    if page.code in group.languages:
        return ""
    return format_list([render.language_name(code, page) for code in group.languages], locale=page.locale)


@page_helper
def meets_in(ctx: Context, group: Group) -> str:
    """See other_languages: "Hebrew" on an Arabic page for a group that meets in Hebrew only."""
    return other_languages(group, _page(ctx)[1])


def group_days(group: Group) -> list[str]:
    """The weekdays a group meets on, Monday first (a listing's day filter reads them)."""
    return [day for day in WEEKDAYS if day in weekdays(group)]


def meeting_days(groups: list[Group]) -> list[tuple[str, int]]:
    """The weekdays the groups meet on, Sunday first as the site's weeks go, each with how many meet then."""
    met = [weekdays(group) for group in groups]
    counts = [(day, sum(day in days for days in met)) for day in WEEK_FROM_SUNDAY]
    return [(day, count) for day, count in counts if count]


def meeting_languages(groups: list[Group]) -> list[tuple[str, int]]:
    """The languages the groups meet in, each with how many groups use it, most used first."""
    counts: dict[str, int] = {}
    for group in groups:
        for code in group.languages:
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# "Today and tomorrow" lists its entries in runs of this many groups, each run kept whole between builds
# (plugins/pages/fragments.py): an edited group makes one run again, not a list of every group.
TODAY_RUN = 50


def today_runs(groups: list[Group]) -> list[list[Group]]:
    """The groups "today and tomorrow" lists (active, or paused with a return date), in runs of TODAY_RUN."""
    shown = [group for group in groups if group.status == "active" or group.paused_until]
    return [shown[start : start + TODAY_RUN] for start in range(0, len(shown), TODAY_RUN)]


@pass_context  # not a page helper: it reads the page's group or listing
def quick_exit(ctx: Context) -> dict[str, object] | None:
    """Every page's "leave this site quickly" control: where it goes, and whether it stays pinned on screen.

    Pinned on pages about GROUPS_QUICK_EXIT_TOPICS (their listings and their groups' pages); None when
    GROUPS_QUICK_EXIT_URL is empty (no control anywhere).
    """
    site = ctx.get(SITE_KEY)
    if site is None or not site.settings["GROUPS_QUICK_EXIT_URL"]:
        return None
    topics = set(site.settings["GROUPS_QUICK_EXIT_TOPICS"])
    group, listing = ctx.get("group"), ctx.get("listing")
    sensitive = (isinstance(group, Group) and topics & set(group.topics)) or (
        listing is not None and listing.kind == "topics" and listing.key in topics
    )
    return {"url": site.settings["GROUPS_QUICK_EXIT_URL"], "pinned": bool(sensitive)}


HELPERS = {
    "quick_exit": quick_exit,
    "meeting_languages": meeting_languages,
    "meeting_days": meeting_days,
    "today_runs": today_runs,
    "group_days": group_days,
    "action_of": action_of,
    "stale_months": stale_months,
    "meets_in": meets_in,
    "centre_places": centre_places,
    "helping_centres": helping_centres,
    "public_url": public_url,
    "printed_address": printed_address,
    "qr_code": qr_code,
    "qr_file": qr_file,
    "hours_text": hours_text,
    "phone_display": phone_display,
    "map_url": map_url,
    "directions_url": directions_url,
    "geo_uri": geo_uri,
    "text": text,
    "fallback_of": fallback_of,
    "label": label,
    "language_name": language_name,
    "date": date,
    "when": when,
    "hours": hours,
    "page_language": page_language,
    "alternates": alternates,
    "url_for": url_for,
    "day_name": day_name,
    "next_dates": next_dates,
    "forming_when": forming_when,
    "schedule_json": schedule_json,
    "edit_url": edit_url,
    "jsonld": jsonld,
    "report_url": report_url,
    # The labels of fixed values (directory/vocabulary.py), read by partials/labels.html.
    "VALUE_LABELS": vocabulary.LABELS,
    "FACILITATION_HELP": vocabulary.FACILITATION_HELP,
    "PLATFORMS": vocabulary.PLATFORMS,
    "TRANSLATED_PLATFORMS": vocabulary.TRANSLATED_PLATFORMS,
}


ANCHOR = re.compile(r"<a\b[^>]*>")


def external_rel(html: str) -> Markup:
    """Content pages' links to other sites open without telling them where the visitor came from."""

    def add_rel(match: re.Match[str]) -> str:
        tag = match[0]
        external = re.search(r'href="(https?:)?//', tag)
        return tag.replace("<a ", '<a rel="noopener noreferrer" ', 1) if external and "rel=" not in tag else tag

    return Markup(ANCHOR.sub(add_rel, str(html)))


def install(generator: Any) -> None:
    """Give a Pelican generator's templates our gettext, helpers and filters."""
    site = site_for(generator.context, generator.settings)
    install_gettext(generator.env, site.languages)
    generator.env.globals.update(HELPERS)
    generator.env.add_extension(Once)
    generator.env.filters["external_rel"] = external_rel
