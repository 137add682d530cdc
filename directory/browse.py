"""Browse pages: groups by topic, by city, online, and by day of the week, with counts and pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from directory.model import Group, Taxonomy, Term
from directory.schedule import weekdays

# The Israeli week starts on Sunday; a deployment elsewhere may start on Monday.
WEEK_FROM_SUNDAY = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


@dataclass
class Listing:
    """One browse page's groups: a topic, a city, a day, or the online groups."""

    kind: str
    key: str
    term: Term | None
    groups: list[Group] = field(default_factory=list)
    # Groups being founded under this topic, city or online: shown in a section of their own, never as
    # meeting groups (nor counted as such).
    forming: list[Group] = field(default_factory=list)


def forming_by_topic(
    groups: list[Group], taxonomy: Taxonomy, name: Callable[[Group], str]
) -> list[tuple[Term, list[Group]]]:
    """The groups being founded under their main topic (their first), topics in taxonomy order."""
    by: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        if group.is_forming:
            by[group.topics[0]].append(group)
    ordering = _status_then_name(name)
    return [(term, sorted(by[key], key=ordering)) for key, term in taxonomy.topics.items() if by.get(key)]


@dataclass
class Section:
    """Listings under a heading: topics under their family, cities under their region."""

    key: str
    term: Term | None
    listings: list[Listing]


def _status_then_name(name: Callable[[Group], str]) -> Callable[[Group], tuple[int, str]]:
    """Meeting groups first (paused and ended ones after), then by name in the page's language."""
    order = {"active": 0, "paused": 1, "forming": 2, "ended": 3}
    return lambda group: (order[group.status], name(group).casefold())


def _memoized(key: Callable[[Group], Any]) -> Callable[[Group], Any]:
    """A sort key made once per group: a group is sorted into its topics, city, days and online listings."""
    made: dict[int, Any] = {}

    def cached(group: Group) -> Any:
        found = made.get(id(group))
        if found is None:
            found = made[id(group)] = key(group)
        return found

    return cached


def _start_on(day: str) -> Callable[[Group], str]:
    """The group's first start time on `day`, for listing a day's groups in order of the clock."""

    def key(group: Group) -> str:
        times = [f"{m.start:%H:%M}" for m in group.schedule if day in (getattr(m, "days", None) or [])]
        return min(times, default="99:99")

    return key


def listings(groups: list[Group], taxonomy: Taxonomy, name: Callable[[Group], str]) -> dict[str, list[Listing]]:
    """Every browse listing, by kind; each group appears under each of its topics, its city and its days.

    A group being founded goes into the listing's `forming` list instead (it meets on no day yet).
    """
    kinds = ("topics", "cities", "days", "online")
    by: dict[str, dict[str, list[Group]]] = {kind: defaultdict(list) for kind in kinds}
    new: dict[str, dict[str, list[Group]]] = {kind: defaultdict(list) for kind in kinds}
    for group in groups:
        place = new if group.is_forming else by
        for topic in group.topics:
            place["topics"][topic].append(group)
        if group.city:
            place["cities"][group.city].append(group)
        for day in weekdays(group):
            place["days"][day].append(group)
        if group.attendance in ("online", "hybrid"):
            place["online"]["all"].append(group)
    ordering = _memoized(_status_then_name(name))
    result = {
        "topics": [Listing("topics", k, t, sorted(by["topics"][k], key=ordering)) for k, t in taxonomy.topics.items()],
        "cities": [Listing("cities", k, t, sorted(by["cities"][k], key=ordering)) for k, t in taxonomy.cities.items()],
        "days": [
            Listing("days", day, None, sorted(sorted(by["days"][day], key=ordering), key=_start_on(day)))
            for day in WEEK_FROM_SUNDAY
        ],
        "online": [Listing("online", "all", None, sorted(by["online"]["all"], key=ordering))],
    }
    for kind, items in result.items():
        for item in items:
            item.forming = sorted(new[kind].get(item.key, []), key=ordering)
    return {kind: [item for item in items if item.groups or item.forming] for kind, items in result.items()}


def sections(found: dict[str, list[Listing]], taxonomy: Taxonomy) -> dict[str, list[Section]]:
    """Topics grouped by family and cities by region, in taxonomy order."""
    topics = [
        Section(key, family, [item for item in found["topics"] if item.term and item.term.family == key])
        for key, family in taxonomy.families.items()
    ]
    cities = [
        Section(key, region, [item for item in found["cities"] if item.term and item.term.region == key])
        for key, region in taxonomy.regions.items()
    ]
    return {
        "topics": [s for s in topics if s.listings],
        "cities": [s for s in cities if s.listings],
        "days": [Section("days", None, found["days"])] if found["days"] else [],
    }


@dataclass(frozen=True)
class Page:
    """One page of a paginated listing."""

    number: int
    count: int
    groups: list[Group]
    url: str
    previous_url: str | None
    next_url: str | None


def paginate(items: list[Group], size: int, url: Callable[[int], str]) -> list[Page]:
    """Split a listing into pages of `size`; page 1 has the listing's own URL."""
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    count = len(chunks)
    return [
        Page(
            number,
            count,
            chunk,
            url(number),
            url(number - 1) if number > 1 else None,
            url(number + 1) if number < count else None,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


@dataclass
class PrintedPlace:
    """A city of the printed directory: its number range, and the groups that meet there, numbered."""

    key: str
    term: Term | None
    first: int
    groups: list[Group]


@dataclass
class PrintedDirectory:
    """The printable directory: each group that still meets once, numbered, with indexes that point to the numbers."""

    regions: list[tuple[Term | None, list[PrintedPlace]]]
    online: PrintedPlace | None
    numbers: dict[str, int]
    by_topic: list[tuple[Term | None, list[tuple[Term | None, list[tuple[int, str]]]]]]

    @property
    def count(self) -> int:
        """How many entries the directory holds."""
        return len(self.numbers)


def printed(
    found: dict[str, list[Listing]], grouped: dict[str, list[Section]], groups: list[Group]
) -> PrintedDirectory:
    """Number the groups by region and city, then the online-only ones; ended and forming groups are left out of print."""
    numbers: dict[str, int] = {}

    def place(key: str, term: Term | None, groups: list[Group]) -> PrintedPlace | None:
        chosen = [g for g in groups if g.status not in ("ended", "forming") and g.slug not in numbers]
        chosen = list({g.slug: g for g in chosen}.values())
        if not chosen:
            return None
        first = len(numbers) + 1
        numbers.update((g.slug, first + i) for i, g in enumerate(chosen))
        return PrintedPlace(key, term, first, chosen)

    regions = []
    for section in grouped["cities"]:
        places = [p for item in section.listings if (p := place(item.key, item.term, item.groups))]
        if places:
            regions.append((section.term, places))
    # Online-only groups, then (should the taxonomy leave a city out of every region) any group not yet numbered.
    online = place("online", None, [*(g for item in found["online"] for g in item.groups), *groups])
    by_topic = []
    for section in grouped["topics"]:
        topics = [
            (item.term, sorted((numbers[g.slug], g.slug) for g in item.groups if g.slug in numbers))
            for item in section.listings
        ]
        topics = [(term, entries) for term, entries in topics if entries]
        if topics:
            by_topic.append((section.term, topics))
    return PrintedDirectory(regions, online, numbers, by_topic)
