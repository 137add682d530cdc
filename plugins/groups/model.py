"""The one model of a support group, shared by the reader, validator, site and exporters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    RootModel,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import InitErrorDetails, PydanticCustomError

LANG_CODE = r"^[a-z]{2,3}$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Key = Annotated[str, Field(pattern=SLUG, max_length=60)]


def _vocabulary(name: str) -> Any:
    """A taxonomy key checked against content/taxonomy.yaml when the reader passes it in."""

    def check(value: str, info: ValidationInfo) -> str:
        taxonomy = (info.context or {}).get("taxonomy")
        if taxonomy is not None:
            taxonomy.check(name, value)
        return value

    return Annotated[Key, AfterValidator(check)]


TopicKey = _vocabulary("topics")
AudienceKey = _vocabulary("audience")
CityKey = _vocabulary("cities")


class Strict(BaseModel):
    """Base for every part of a group file: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context or {}


class LocalizedText(RootModel[dict[Annotated[str, Field(pattern=LANG_CODE)], str]]):
    """A text in one or more of the site's languages, keyed by language code."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"minProperties": 1, "additionalProperties": False})

    @field_validator("root")
    @classmethod
    def _known_languages(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        if not value:
            raise ValueError("give the text in at least one language, e.g. he: ...")
        languages = _context(info).get("languages")
        if languages:
            unknown = sorted(set(value) - set(languages))
            if unknown:
                raise ValueError(f"unknown language {', '.join(unknown)}; use {', '.join(languages)}")
        cleaned = {lang: text.strip() for lang, text in value.items()}
        empty = sorted(lang for lang, text in cleaned.items() if not text)
        if empty:
            raise ValueError(f"the {', '.join(empty)} text is empty; fill it in or remove it")
        return cleaned

    def get(self, lang: str) -> str | None:
        """Return the text in `lang`, or None."""
        return self.root.get(lang)

    def pick(self, lang: str, fallbacks: tuple[str, ...] = ()) -> tuple[str, str]:
        """Return (text, its language), preferring `lang`, then `fallbacks`, then any."""
        for candidate in (lang, *fallbacks):
            if candidate in self.root:
                return self.root[candidate], candidate
        first = next(iter(self.root))
        return self.root[first], first

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text is given in."""
        return tuple(self.root)


class OneLine(LocalizedText):
    """A short plain-text line per language (no line breaks)."""

    @field_validator("root")
    @classmethod
    def _single_line(cls, value: dict[str, str]) -> dict[str, str]:
        for lang, text in value.items():
            if "\n" in text or "\r" in text:
                raise ValueError(f"the {lang} text must be one line; remove the line break")
        return value


def _limited(kind: type[LocalizedText], max_length: int) -> Any:
    """A localized text whose every language is at most `max_length` characters."""

    def check(value: LocalizedText) -> LocalizedText:
        for lang, text in value.root.items():
            if len(text) > max_length:
                raise ValueError(f"the {lang} text has {len(text)} characters; shorten it to {max_length}")
        return value

    limit = {"patternProperties": {LANG_CODE: {"maxLength": max_length}}}
    return Annotated[kind, AfterValidator(check), Field(json_schema_extra=limit)]


Name = _limited(OneLine, 120)
Summary = _limited(OneLine, 200)


class TimeRange(Strict):
    """Start and (optional) end time of a meeting, in the meeting's time zone."""

    start: dt.time
    end: dt.time | None = None
    timezone: str | None = Field(
        default=None, description="IANA time zone; the site's own (Asia/Jerusalem) when omitted"
    )

    @field_validator("timezone")
    @classmethod
    def _iana(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not an IANA time zone, e.g. Asia/Jerusalem") from None
        if value not in available_timezones():
            raise ValueError(f"'{value}' is not an IANA time zone, e.g. Asia/Jerusalem")
        return value

    @model_validator(mode="after")
    def _end_after_start(self) -> TimeRange:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"@end: end {self.end:%H:%M} is not after start {self.start:%H:%M}; check both times")
        return self


class Weekly(TimeRange):
    """Every week on one or more days."""

    repeat: Literal["weekly"]
    days: list[Weekday] = Field(min_length=1)


class Biweekly(TimeRange):
    """Every two weeks, counted from a first meeting date."""

    repeat: Literal["biweekly"]
    days: list[Weekday] = Field(min_length=1)
    first_date: dt.date


class Monthly(TimeRange):
    """Monthly: on the nth weekday(s) (weeks 1-5, -1 = last) or on a day of the month."""

    repeat: Literal["monthly"]
    weeks: list[Literal[1, 2, 3, 4, 5, -1]] | None = None
    days: list[Weekday] | None = None
    day_of_month: int | None = Field(default=None, ge=1, le=31)
    skip_short_months: bool = Field(
        default=False, description="say yes for a 5th weekday or a day 29-31 that some months lack"
    )

    @model_validator(mode="after")
    def _one_rule(self) -> Monthly:
        by_weekday = self.weeks is not None or self.days is not None
        if by_weekday == (self.day_of_month is not None):
            raise ValueError("@repeat: give either weeks + days (e.g. weeks: [1, 3], days: [tue]) or day_of_month")
        if by_weekday and not (self.weeks and self.days):
            raise ValueError("@repeat: a monthly meeting by weekday needs both weeks and days")
        rare = (self.weeks and 5 in self.weeks) or (self.day_of_month or 0) > 28
        if rare and not self.skip_short_months:
            raise ValueError(
                "@repeat: some months have no such day; add skip_short_months: true to say it is skipped then"
            )
        return self


class Cohort(TimeRange):
    """A closed course of a set number of sessions between two dates."""

    repeat: Literal["cohort"]
    days: list[Weekday] = Field(min_length=1)
    first_date: dt.date
    last_date: dt.date
    sessions: int | None = Field(default=None, ge=1, le=200)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Cohort:
        if self.last_date < self.first_date:
            raise ValueError("@last_date: last_date is before first_date; check both dates")
        return self


class Unscheduled(Strict):
    """Meetings by arrangement, or an ongoing asynchronous group (forum, chat group)."""

    repeat: Literal["by-arrangement", "ongoing"]
    note: LocalizedText | None = None


Meeting = Annotated[Weekly | Biweekly | Monthly | Cohort | Unscheduled, Field(discriminator="repeat")]


class Location(Strict):
    """Where an in-person or hybrid group meets."""

    city: CityKey = Field(description="a city key from content/taxonomy.yaml")
    venue: OneLine | None = None
    address: OneLine | None = None
    directions: LocalizedText | None = None
    geo: tuple[float, float] | None = Field(default=None, description="[latitude, longitude]")
    wheelchair_accessible: bool | None = None

    @field_validator("geo")
    @classmethod
    def _on_earth(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value and not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180):
            raise ValueError("geo is [latitude, longitude], e.g. [32.794, 34.989]")
        return value


Platform = Literal["zoom", "google-meet", "teams", "jitsi", "whatsapp", "telegram", "phone", "forum", "other"]


class Online(Strict):
    """How to join an online or hybrid group."""

    platform: Platform
    join_url: str | None = Field(default=None, pattern=r"^https://\S+$")
    note: LocalizedText | None = None


class Contact(Strict):
    """Ways to reach the group; at least one."""

    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 ()-]{5,20}$")
    whatsapp: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 ()-]{5,20}$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    website: str | None = Field(default=None, pattern=r"^https?://\S+$")
    name: OneLine | None = Field(default=None, description="first name or role only, never a surname")

    @model_validator(mode="after")
    def _at_least_one(self) -> Contact:
        if not (self.phone or self.whatsapp or self.email or self.website):
            raise ValueError("give at least one way to reach the group: phone, whatsapp, email or website")
        return self


class Group(Strict):
    """A support group, as written in content/groups/<slug>.yaml."""

    slug: SkipJsonSchema[str] = Field(default="", exclude=True)
    name: Name
    summary: Summary
    description: LocalizedText | None = None
    topics: list[TopicKey] = Field(min_length=1, description="topic keys from content/taxonomy.yaml")
    audience: list[AudienceKey] = Field(default_factory=list, description="audience keys from the taxonomy")
    facilitation: Literal["peer", "professional", "co-facilitated"]
    facilitator: LocalizedText | None = None
    organization: OneLine | None = None
    languages: list[Annotated[str, Field(pattern=LANG_CODE)]] = Field(
        min_length=1, description="ISO 639-1 codes of the languages spoken in the meetings"
    )
    attendance: Literal["in-person", "online", "hybrid"]
    membership: Literal["open", "registration"]
    cost: Literal["free", "donation", "fee"]
    cost_note: OneLine | None = None
    schedule: list[Meeting] = Field(min_length=1)
    location: Location | None = None
    online: Online | None = None
    contact: Contact
    verified: dt.date
    status: Literal["active", "paused", "ended"] = "active"
    paused_until: dt.date | None = None

    @field_validator("topics", "audience")
    @classmethod
    def _listed_once(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a key is listed twice; list each once")
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _consistent(cls, data: Any, handler: ModelWrapValidatorHandler[Group]) -> Group:
        # Cross-field rules run on the raw data too, so they are reported with the field errors
        # (pydantic skips "after" validators of a model whose fields failed).
        found = _consistency(data) if isinstance(data, dict) else []
        try:
            group = handler(data)
        except ValidationError as exc:
            raise ValidationError.from_exception_data(cls.__name__, [*_details(exc), *found]) from None
        if found:
            raise ValidationError.from_exception_data(cls.__name__, found)
        return group

    @property
    def city(self) -> str | None:
        """The city key, when the group meets in person."""
        return self.location.city if self.location else None


class Term(Strict):
    """One entry of a controlled vocabulary."""

    label: LocalizedText
    synonyms: dict[Annotated[str, Field(pattern=LANG_CODE)], list[str]] = Field(default_factory=dict)
    family: Key | None = None
    region: Key | None = None


class Taxonomy(Strict):
    """The controlled vocabularies of content/taxonomy.yaml."""

    families: dict[Key, Term]
    topics: dict[Key, Term]
    audience: dict[Key, Term]
    regions: dict[Key, Term]
    cities: dict[Key, Term]

    @model_validator(mode="after")
    def _references(self) -> Taxonomy:
        for key, term in self.topics.items():
            if term.family not in self.families:
                raise ValueError(f"topic {key}: family {term.family!r} is not under families")
        for key, term in self.cities.items():
            if term.region not in self.regions:
                raise ValueError(f"city {key}: region {term.region!r} is not under regions")
        return self

    def check(self, vocabulary: str, key: str) -> None:
        """Raise ValueError naming the valid keys when `key` is not in `vocabulary`."""
        terms: dict[str, Term] = getattr(self, vocabulary)
        if key not in terms:
            close = _closest(key, terms)
            hint = f"; did you mean {close}?" if close else f"; use one of: {', '.join(sorted(terms))}"
            raise ValueError(f"'{key}' is not a {vocabulary} key in content/taxonomy.yaml{hint}")


def _closest(key: str, terms: dict[str, Term]) -> str | None:
    import difflib  # local: only suggestions need it

    matches = difflib.get_close_matches(key, list(terms), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _problem(field: str, value: Any, message: str) -> InitErrorDetails:
    return {"type": PydanticCustomError("consistency", message), "loc": (field,), "input": value}


def _consistency(data: dict[str, Any]) -> list[InitErrorDetails]:
    """Rules between fields of a group file, checked on its raw data."""
    found = []
    attendance = data.get("attendance")
    if attendance in ("in-person", "hybrid") and not data.get("location"):
        found.append(_problem("attendance", attendance, f"an {attendance} group needs a location with at least a city"))
    if attendance in ("online", "hybrid") and not data.get("online"):
        found.append(
            _problem("attendance", attendance, f"an {attendance} group needs an online section with its platform")
        )
    if data.get("paused_until") and data.get("status", "active") != "paused":
        found.append(_problem("paused_until", data["paused_until"], "paused_until is set but status is not paused"))
    return found


def _details(exc: ValidationError) -> list[InitErrorDetails]:
    """Pydantic's errors, in the form that builds a new ValidationError."""
    return [
        {"type": e["type"], "loc": e["loc"], "input": e["input"], **({"ctx": e["ctx"]} if "ctx" in e else {})}
        for e in exc.errors(include_url=False)
    ]


def group_json_schema() -> dict[str, Any]:
    """The JSON Schema of a group file, generated from the model."""
    schema = Group.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "group.schema.json"
    schema["title"] = "Support group"
    return schema


def weekday_index(day: str) -> int:
    """Monday = 0 … Sunday = 6."""
    return WEEKDAYS.index(day)


def is_slug(text: str) -> bool:
    """True when `text` is a valid file slug."""
    return re.fullmatch(SLUG, text) is not None


class CrisisLine(Strict):
    """An emergency or crisis number shown on every page."""

    number: str = Field(pattern=r"^\+?[0-9][0-9 -]{1,20}$")
    label: OneLine


class CrisisLines(Strict):
    """content/crisis.yaml: the numbers a deployment shows in its crisis banner."""

    lines: list[CrisisLine]
