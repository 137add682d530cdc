"""What the search of one language holds: the texts to index, the compact result documents and the facets.

Results are rendered from documents kept apart from the index, so the index holds no text twice; the
generator writes each document to a file of its own (d/<n>.json) and the facets to the dictionary.
Their shape, mirrored by the JSDoc typedef in theme/static/js/search.js::

    {"v": 1,
     "url": "he/groups/{slug}/",                 # a group's page; "u" below is its slug
     "dirs": {"he": "rtl", ...},
     "facets": [{"k": "topic", "values": ["mental-health", ...], "labels": ["בריאות הנפש", ...]}, ...],
     "docs": [{"u": "slug", "n": "name", "s": "summary", "w": "when it meets",
               "f": [[0, 3], [1, 4], ...],      # per facet, indexes into its values
               "g": [32.815, 34.989],           # latitude, longitude (in-person groups with a map point)
               "x": "paused",                   # only when not active
               "a": ["call", "tel:+972…", "04-…"],   # the card's action: kind, link, what it shows
               "r": [{"rrule": …, "time": …}],  # meeting rules (next-dates.js), active groups only
               "v": "2025-01-31",               # when confirmed, only when that is stale
               "l": {"n": "en"}}, ...]}         # only when a text falls back to another language

A document's place in "docs" is its lunr ref, so refs stay short; documents are in the order of an empty
search (meeting groups first, then by name), which ties fall back to. The index also holds one entry per
facet value with a name (ref "topic|cancer", "place|c:haifa"): see `vocabulary_documents`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from directory.browse import WEEK_FROM_SUNDAY
from directory.i18n import Language
from directory.model import Group, LocalizedText, Taxonomy, Term
from directory.organization import Organization, host_name
from directory.problems import N_
from directory.render import forming_when, language_name, meeting_time_text, meeting_when
from directory.schedule import client_rules, months_between, weekdays
from directory.vocabulary import LABELS
from plugins.pages.templating import Site, card_action

from . import analysis

FORMAT_VERSION = 1
FACETS = ("topic", "place", "attendance", "day", "time", "language", "cost", "audience", "facilitation", "stage")

# Labels of fixed values: the site's own (directory/vocabulary.py).
ATTENDANCE, COST, FACILITATION = LABELS["attendance"], LABELS["cost"], LABELS["facilitation"]
# A group being founded is no meeting group: it has a facet of its own, and comes after the meeting groups.
STAGE = {"forming": N_("New groups being founded")}
OWN_ORDER = ("topic", "audience")
STATUS_ORDER = {"active": 0, "paused": 1, "forming": 2, "ended": 3}
FIXED_LABELS = {"attendance": ATTENDANCE, "cost": COST, "facilitation": FACILITATION, "stage": STAGE}
TIMES = {
    "morning": N_("Morning (before 12:00)"),
    "afternoon": N_("Afternoon (12:00–17:00)"),
    "evening": N_("Evening (from 17:00)"),
}
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_SEPARATORS = re.compile(r"(?<=\w)[\s\-־]+(?=\w)")


@dataclass
class FacetValue:
    """One checkbox of a facet: its key, label in the page's language, how many groups have it, its depth."""

    key: str
    label: str
    count: int = 0
    level: int = 0


@dataclass
class Facet:
    """A filter over data (not text): its key and its values in display order."""

    key: str
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class LanguageSearch:
    """Everything the search of one language is built from."""

    lang: str
    index_documents: list[dict[str, str]]
    documents: dict[str, Any]
    facets: list[Facet]


def time_of_day(group: Group) -> set[str]:
    """Morning, afternoon or evening, by each scheduled meeting's start."""
    found = set()
    for meeting in group.schedule:
        start = getattr(meeting, "start", None)
        if start is not None:
            found.add("morning" if start.hour < 12 else "afternoon" if start.hour < 17 else "evening")
    return found


def facet_keys(group: Group, taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The group's values of every facet."""
    place = []
    if group.city:
        place = [f"c:{group.city}"]
        region = taxonomy.cities[group.city].region if group.city in taxonomy.cities else None
        if region:
            place.append(f"r:{region}")
    return {
        "topic": list(group.topics),
        "place": place,
        "attendance": [group.attendance],
        "day": [d for d in WEEK_FROM_SUNDAY if d in weekdays(group)],
        "time": [t for t in TIMES if t in time_of_day(group)],
        "language": list(group.languages),
        "cost": [group.cost],
        "audience": list(group.audience),
        "facilitation": [group.facilitation],
        "stage": ["forming"] if group.is_forming else [],
    }


def _all_languages(term: Term | None) -> list[str]:
    """A taxonomy term's labels in every language, and its synonyms."""
    if term is None:
        return []
    return [*term.label.root.values(), *(s for words in term.synonyms.values() for s in words)]


def _pick(value: LocalizedText | None, lang: str, fallbacks: tuple[str, ...]) -> tuple[str, str]:
    return value.pick(lang, fallbacks) if value is not None else ("", lang)


def _excerpt(value: LocalizedText | None, lang: str, fallbacks: tuple[str, ...], count: int) -> str:
    text = _pick(value, lang, fallbacks)[0]
    return " ".join(_LINK_TARGET.sub("]", text).split()[:count])


def with_joined(texts: list[str]) -> list[str]:
    """Texts, and each one of several words also written as one ("תל אביב" → "תלאביב", "post-partum" → "postpartum").

    People write names and terms with and without spaces and hyphens; the query side also tries each
    pair of adjacent words joined, so "شفا عمرو" finds شفاعمرو.
    """
    joined = [_SEPARATORS.sub("", text) for text in texts if _SEPARATORS.search(text)]
    return list(dict.fromkeys([*texts, *joined]))


def choice_words(group: Group, taxonomy: Taxonomy) -> str:
    """The words people type for the group's platform and way of joining (the choices that are not facets)."""
    platform = group.online.platform if group.online else None
    words = taxonomy.choice_words("platform", platform) if platform else []
    return " ".join(with_joined([*words, *taxonomy.choice_words("membership", group.membership)]))


def group_document(
    ref: str,
    group: Group,
    site: Site,
    lang: str,
    description_words: int,
    *,
    taxonomy: Taxonomy | None = None,
    organizations: Mapping[str, Organization] | None = None,
) -> dict[str, str]:
    """The searchable text of a group in `lang` (falling back as its page does); a listed host by its name."""
    fallbacks = site.fallbacks(lang)
    return {
        "id": ref,
        "name": _pick(group.name, lang, fallbacks)[0],
        "label": choice_words(group, taxonomy) if taxonomy else "",
        "organization": _pick(host_name(group, organizations or {}), lang, fallbacks)[0],
        "summary": _pick(group.summary, lang, fallbacks)[0],
        "description": _excerpt(group.description, lang, fallbacks, description_words),
    }


def vocabulary_documents(facets: list[Facet], taxonomy: Taxonomy, site: Site) -> list[dict[str, str]]:
    """One entry per facet value that has a name: its labels in every site language and the taxonomy's synonyms.

    A group's topics, place, audience, attendance, cost, facilitation and meeting languages are searched through these
    entries (the ref "topic|cancer" matches every group with that facet value), so each label is
    indexed once, not once per group, and in every language, so "Haifa" finds חיפה on any site.
    """
    languages = list(site.languages.values())
    found = []
    for facet in facets:
        for value in facet.values:
            texts: list[str] = []
            if facet.key == "topic":
                term = taxonomy.topics.get(value.key)
                texts = _all_languages(term)
                if term is not None and term.family:
                    texts += _all_languages(taxonomy.families.get(term.family))
            elif facet.key == "place":
                kind, _, key = value.key.partition(":")
                texts = _all_languages((taxonomy.cities if kind == "c" else taxonomy.regions).get(key))
            elif facet.key == "audience":
                texts = _all_languages(taxonomy.audience.get(value.key))
            elif facet.key in FIXED_LABELS:
                texts = [language.gettext(FIXED_LABELS[facet.key][value.key]) for language in languages]
                texts += taxonomy.choice_words(facet.key, value.key)
            elif facet.key == "language":
                texts = [language_name(value.key, language) for language in languages]
                texts += taxonomy.choice_words("language", value.key)
            if texts:
                label = " ".join(with_joined(texts))
                found.append(
                    {
                        "id": f"{facet.key}|{value.key}",
                        "name": "",
                        "label": label,
                        "organization": "",
                        "summary": "",
                        "description": "",
                    }
                )
    return found


def _label(terms: dict[str, Term], key: str, lang: str, fallbacks: tuple[str, ...]) -> str:
    term = terms.get(key)
    return term.label.pick(lang, fallbacks)[0] if term else key


def _labels(taxonomy: Taxonomy, language: Language, fallbacks: tuple[str, ...]) -> dict[str, Any]:
    """Label makers per facet, in the page's language."""
    from babel.dates import get_day_names

    lang = language.code
    days = get_day_names("wide", locale=language.locale)
    weekday = {d: days[i] for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}

    def place(key: str) -> str:
        kind, _, name = key.partition(":")
        return _label(taxonomy.cities if kind == "c" else taxonomy.regions, name, lang, fallbacks)

    return {
        "topic": lambda k: _label(taxonomy.topics, k, lang, fallbacks),
        "place": place,
        "attendance": lambda k: language.gettext(ATTENDANCE[k]),
        "day": lambda k: weekday[k],
        "time": lambda k: language.gettext(TIMES[k]),
        "language": lambda k: language_name(k, language),
        "cost": lambda k: language.gettext(COST[k]),
        "audience": lambda k: _label(taxonomy.audience, k, lang, fallbacks),
        "facilitation": lambda k: language.gettext(FACILITATION[k]),
        "stage": lambda k: language.gettext(STAGE[k]),
    }


def _order(facet: str, counts: Counter[str], taxonomy: Taxonomy) -> list[tuple[str, int]]:
    """Facet values in display order, each with its depth (cities sit under their region)."""
    fixed: dict[str, list[str]] = {
        "topic": list(taxonomy.topics),
        "attendance": list(ATTENDANCE),
        "day": list(WEEK_FROM_SUNDAY),
        "time": list(TIMES),
        "cost": list(COST),
        "audience": list(taxonomy.audience),
        "facilitation": list(FACILITATION),
        "stage": list(STAGE),
    }
    if facet == "place":
        found = []
        for region in taxonomy.regions:
            if counts[f"r:{region}"]:
                found.append((f"r:{region}", 0))
                found += [
                    (f"c:{city}", 1)
                    for city, term in taxonomy.cities.items()
                    if term.region == region and counts[f"c:{city}"]
                ]
        return found
    if facet == "language":
        return [(k, 0) for k, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return [(k, 0) for k in fixed[facet] if counts[k]]


def _when(group: Group, site: Site, language: Language) -> str:
    if group.is_forming:
        return forming_when(group.planned_start, language)
    meeting = group.schedule[0]
    text = Markup(meeting_when(meeting, language, site.fallbacks(language.code), site.languages)).striptags()
    hours = meeting_time_text(meeting, language, site.settings["GROUPS_TIMEZONE"])
    return f"{text} {hours}".strip()


Memo = Callable[[Group, Callable[[], Any]], Any]
Parts = tuple[tuple[tuple[str, ...], ...], str, tuple[str, ...], dict[str, Any]]


def group_parts(
    group: Group,
    taxonomy: Taxonomy,
    site: Site,
    lang: str,
    conf: dict[str, Any],
    *,
    organizations: Mapping[str, Organization] | None = None,
    today: dt.date | None = None,
) -> Parts:
    """What the search in `lang` takes from one group alone: its facet values, when it meets, its texts, its card."""
    # Tuples of text: what a memo keeps between builds loads fastest in this shape.
    keys = facet_keys(group, taxonomy)
    words = conf["SEARCH_DESCRIPTION_WORDS"]
    texts = group_document("", group, site, lang, words, taxonomy=taxonomy, organizations=organizations)
    when = _when(group, site, site.languages[lang])
    # The card's meeting rules took a quarter of a rebuild's search when made again for every group.
    return tuple(tuple(keys[f]) for f in FACETS), when, tuple(texts.values()), card_parts(group, site, today)


def _made(group: Group, make: Callable[[], Any]) -> Any:
    return make()


def card_parts(group: Group, site: Site, today: dt.date | None) -> dict[str, Any]:
    """What a result's card needs beyond the texts: its action, its meeting rules, a stale confirmation date."""
    settings = site.settings
    parts: dict[str, Any] = {}
    action = card_action(group, settings["GROUPS_PHONE_REGION"])
    if action:
        parts["a"] = [action.kind, action.href, action.value]
    rules = client_rules(group, settings["GROUPS_TIMEZONE"]) if group.status == "active" else []
    if rules:
        parts["r"] = rules
    if today and months_between(group.verified, today) >= settings["GROUPS_STALE_MONTHS"]:
        parts["v"] = group.verified.isoformat()
    return parts


def language_search(
    groups: list[Group],
    taxonomy: Taxonomy,
    site: Site,
    lang: str,
    conf: dict[str, Any],
    *,
    memo: Memo = _made,
    organizations: Mapping[str, Organization] | None = None,
    today: dt.date | None = None,
) -> LanguageSearch:
    """The index texts, compact documents and facets of the search in `lang`.

    What comes from one group alone (its facet values, when it meets, its texts) goes through `memo`,
    which may keep it between builds.
    """
    language = site.languages[lang]
    fallbacks = site.fallbacks(lang)
    # Documents in the order of an empty search, which ties fall back to: meeting groups first, then by name.
    ordered = sorted(
        groups,
        key=lambda g: (STATUS_ORDER.get(g.status, 0), analysis.normalise(_pick(g.name, lang, fallbacks)[0]), g.slug),
    )
    words = conf["SEARCH_DESCRIPTION_WORDS"]
    made = [
        memo(g, lambda g=g: group_parts(g, taxonomy, site, lang, conf, organizations=organizations, today=today))
        for g in ordered
    ]
    keys = [dict(zip(FACETS, found[0], strict=True)) for found in made]
    labels = _labels(taxonomy, language, fallbacks)
    facets = []
    positions: dict[str, dict[str, int]] = {}
    for name in FACETS:
        counts: Counter[str] = Counter(v for k in keys for v in k[name])
        values = [FacetValue(k, labels[name](k), counts[k], level) for k, level in _order(name, counts, taxonomy)]
        facets.append(Facet(name, values))
        positions[name] = {v.key: i for i, v in enumerate(values)}
    docs = []
    for group, found, (_, when, _, card) in zip(ordered, keys, made, strict=True):
        name, name_lang = _pick(group.name, lang, fallbacks)
        summary, summary_lang = _pick(group.summary, lang, fallbacks)
        doc: dict[str, Any] = {
            "u": group.slug,
            "n": name,
            "s": summary,
            "w": when,
            # Topics and audiences in the group's own order (its main topic first), other values sorted.
            "f": [
                [positions[f][v] for v in found[f]] if f in OWN_ORDER else sorted(positions[f][v] for v in found[f])
                for f in FACETS
            ],
        }
        doc.update(card)
        if group.location and group.location.geo:
            doc["g"] = [round(group.location.geo[0], 4), round(group.location.geo[1], 4)]
        if group.status != "active":
            doc["x"] = group.status
        other = {k: v for k, v in (("n", name_lang), ("s", summary_lang)) if v != lang}
        if other:
            doc["l"] = other
        docs.append(doc)
    documents = {
        "v": FORMAT_VERSION,
        "url": site.url("GROUPS_GROUP_URL", lang=lang, slug="{slug}"),
        "dirs": {code: site.languages[code].direction for code in site.codes},
        "facets": [
            {"k": f.key, "values": [v.key for v in f.values], "labels": [v.label for v in f.values]} for f in facets
        ],
        "docs": docs,
    }
    fields = list(group_document("", ordered[0], site, lang, words)) if ordered else []
    index_documents = [
        {**dict(zip(fields, texts, strict=True)), "id": str(i)} for i, (_, _, texts, _) in enumerate(made)
    ]
    index_documents += vocabulary_documents(facets, taxonomy, site)
    return LanguageSearch(lang, index_documents, documents, facets)
