"""Organisations as entries: self-help centres, NGOs, clinics and municipal services that host or refer to groups.

One file per organisation, `content/organizations/<slug>.yaml`, read by the same reader as group files
(directory/files/organizations.py) into the `Organization` model; a group names its host by that slug.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from directory.model import (
    LANG_CODE,
    MAX_LANGUAGES,
    CityKey,
    Contact,
    Date,
    Group,
    Line,
    LocalizedText,
    Location,
    Name,
    Strict,
    Summary,
    Text,
    TopicKey,
    _once,
    _vocabulary,
    not_in_future,
)
from directory.vocabulary import LABELS

RegionKey = _vocabulary("regions")

KINDS, OFFERS = LABELS["kind"], LABELS["offers"]
Kind = Literal["self-help-centre", "national-centre", "ngo", "clinic", "hospital", "municipal", "community-centre"]
Offer = Literal["referral", "guidance", "rooms", "training", "office", "information", "hotline", "advocacy"]

# Kinds that help a visitor whom no group fits, first the ones whose work that is.
HELPING_KINDS = ("self-help-centre", "national-centre", "community-centre", "municipal", "ngo", "clinic", "hospital")
MAX_REGIONS = 20
MAX_CITIES = 60


class Organization(Strict):
    """An organisation, as written in content/organizations/<slug>.yaml."""

    slug: Annotated[str, Field(exclude=True, json_schema_extra={"readOnly": True})] = ""
    name: Name
    kind: Kind
    summary: Summary
    description: Text | None = None
    offers: list[Offer] = Field(min_length=1, max_length=len(OFFERS), description="what it offers groups and people")
    regions: list[RegionKey] = Field(
        min_length=1, max_length=MAX_REGIONS, description="region keys from content/taxonomy.yaml it serves"
    )
    cities: list[CityKey] = Field(
        default_factory=list, max_length=MAX_CITIES, description="city keys it serves in particular"
    )
    topics: list[TopicKey] = Field(
        default_factory=list, max_length=MAX_REGIONS, description="topic keys it specialises in (none: every topic)"
    )
    languages: list[Annotated[str, Field(pattern=LANG_CODE)]] = Field(
        min_length=1, max_length=MAX_LANGUAGES, description="ISO 639-1 codes of the languages its staff speak"
    )
    hours: Line | None = Field(default=None, description="when it can be reached, in words")
    location: Location | None = None
    contact: Contact
    verified: Date

    @field_validator("offers", "regions", "cities", "topics", "languages")
    @classmethod
    def _listed_once(cls, value: list[str]) -> list[str]:
        return _once(value)  # the group file's rule, with its message

    @field_validator("verified")
    @classmethod
    def _not_in_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        return not_in_future(value, info)  # type: ignore[return-value]

    @property
    def city(self) -> str | None:
        """The city key of its address, when it gives one."""
        return self.location.city if self.location else None

    def serves(self, region: str | None = None, city: str | None = None) -> int:
        """How closely it serves a place: 3 the city by name, 2 its region, 0 not at all."""
        if city and (city in self.cities or city == self.city):
            return 3
        return 2 if region and region in self.regions else 0


def organization_json_schema() -> dict[str, Any]:
    """The JSON Schema of an organisation file, generated from the model."""
    schema = Organization.model_json_schema(mode="validation")
    schema["properties"].pop("slug", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "organization.schema.json"
    schema["title"] = "Organisation"
    return schema


def host_name(group: Group, organizations: Mapping[str, Organization]) -> LocalizedText | None:
    """The name of a group's host: the listed organisation's, or the group's own free text."""
    key = group.organization_key
    if key is None:
        return group.organization  # type: ignore[return-value]
    found = organizations.get(key)
    return found.name if found else None


def _rank(org: Organization) -> int:
    return HELPING_KINDS.index(org.kind) if org.kind in HELPING_KINDS else len(HELPING_KINDS)


def helping(organizations: Iterable[Organization]) -> list[Organization]:
    """The organisations that help a visitor find or start a group (referral or guidance), centres first."""
    found = [org for org in organizations if {"referral", "guidance"} & set(org.offers)]
    return sorted(found, key=lambda org: (_rank(org), org.slug))


def centres_for(
    organizations: Iterable[Organization],
    *,
    region: str | None = None,
    city: str | None = None,
    topic: str | None = None,
    limit: int = 3,
) -> list[Organization]:
    """The centres to suggest where no group fits: those serving the city, then its region, then the topic's, then national ones."""
    scored = []
    for org in helping(organizations):
        place = org.serves(region, city)
        about = 1 if topic and topic in org.topics else 0
        national = 1 if org.kind == "national-centre" else 0
        if (region or city) and not place and not national:
            continue
        if topic and org.topics and not about:
            continue  # a specialised organisation helps with its own topics only
        scored.append((-(place * 4 + about * 2 + national), _rank(org), org.slug, org))
    return [entry[-1] for entry in sorted(scored, key=lambda entry: entry[:3])][:limit]


def groups_of(groups: Iterable[Group], slug: str) -> list[Group]:
    """The groups that name this organisation as their host."""
    return [group for group in groups if group.organization_key == slug]


@dataclass
class RegionCentres:
    """The organisations serving one region (key None: those serving every region)."""

    key: str | None
    term: Any
    organizations: list[Organization]


def by_region(organizations: Iterable[Organization], taxonomy: Any) -> list[RegionCentres]:
    """Organisations by the regions they serve, in the taxonomy's order; those serving all regions first."""
    ordered = sorted(organizations, key=lambda org: (_rank(org), org.slug))
    everywhere = [org for org in ordered if set(taxonomy.regions) <= set(org.regions)]
    sections = [RegionCentres(None, None, everywhere)] if everywhere else []
    for key, term in taxonomy.regions.items():
        local = [org for org in ordered if key in org.regions and org not in everywhere]
        sections.append(RegionCentres(key, term, local))
    return sections
