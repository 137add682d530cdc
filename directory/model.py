"""The one model of a support group, shared by the reader, validator, site and exporters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    ModelWrapValidatorHandler,
    RootModel,
    Tag,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from directory.checks import check_email, check_line, check_text, check_url, fault, normalise_phone
from directory.problems import N_, NP_

LANG_CODE = r"^[a-z]{2,3}$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Key = Annotated[str, Field(pattern=SLUG, max_length=60)]

# Limits no real group reaches (the sample groups use at most a third of each), so that one file can
# neither crash the build nor multiply its pages' size or its time. Documented in CONTRIBUTING (Limits).
MAX_TEXT = 5000  # characters of a long text (description, notes) per language
MAX_LINE = 300  # characters of a one-line text (venue, address, organisation) per language
MAX_TEXT_LANGUAGES = 10  # languages one text is given in
MAX_MARKDOWN_NESTING = 4  # lists and quotes inside lists and quotes
MAX_MARKDOWN_BRACKETS = 30  # [ in a long text: links (each unclosed one costs the renderer a pass over the text)
MAX_TOPICS = 8  # topics, and audiences
MAX_LANGUAGES = 10  # languages spoken in the meetings
MAX_SCHEDULE = 14  # schedule entries: twice a day, every day of the week
MAX_COURSE_DAYS = 2 * 366  # a cohort's first to last date
FIRST_YEAR, LAST_YEAR = 1900, 2100  # any date in a group file


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

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={"minProperties": 1, "maxProperties": MAX_TEXT_LANGUAGES, "additionalProperties": False},
    )

    @field_validator("root")
    @classmethod
    def _known_languages(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        if not value:
            raise fault("no_language", N_("has no text — give it in at least one language, e.g. he: ..."))
        languages = _context(info).get("languages")
        for lang, text in value.items():
            if languages and lang not in languages:
                raise fault(
                    "unknown_language",
                    N_("'%(lang)s' is not a language of this site — use %(languages)s"),
                    field=lang,
                    lang=lang,
                    languages=", ".join(languages),
                )
            if not text.strip():
                raise fault(
                    "empty_text",
                    N_("the %(lang)s text is empty — fill it in or remove the line"),
                    field=lang,
                    lang=lang,
                )
            cls._check_text(lang, text)
        if len(value) > MAX_TEXT_LANGUAGES:
            raise fault(
                "too_many_languages",
                NP_(
                    "the text is given in %(num)s language — give it in at most %(max)s",
                    "the text is given in %(num)s languages — give it in at most %(max)s",
                ),
                num=len(value),
                max=MAX_TEXT_LANGUAGES,
            )
        return {lang: text.strip() for lang, text in value.items()}

    @classmethod
    def _check_text(cls, lang: str, text: str) -> None:
        check_text(lang, text)
        brackets = text.count("[")
        if brackets > MAX_MARKDOWN_BRACKETS:
            raise fault(
                "markdown_brackets",
                NP_(
                    "the %(lang)s text has %(num)s [ bracket — use at most %(max)s (links are written [text](address))",
                    "the %(lang)s text has %(num)s [ brackets — use at most %(max)s (links are written [text](address))",
                ),
                field=lang,
                lang=lang,
                num=brackets,
                max=MAX_MARKDOWN_BRACKETS,
            )
        depth = markdown_nesting(text)
        if depth > MAX_MARKDOWN_NESTING:
            raise fault(
                "markdown_nesting",
                NP_(
                    "the %(lang)s text puts lists or quotes %(num)s level deep — use at most %(max)s (fewer indents or > signs)",
                    "the %(lang)s text puts lists or quotes %(num)s levels deep — use at most %(max)s (fewer indents or > signs)",
                ),
                field=lang,
                lang=lang,
                num=depth,
                max=MAX_MARKDOWN_NESTING,
            )

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
    """A short plain-text line per language: no line breaks, no invisible or control characters."""

    @classmethod
    def _check_text(cls, lang: str, text: str) -> None:
        check_line(lang, text.strip())


def _within_length(lang: str, text: str, max_length: int) -> None:
    if len(text) > max_length:
        raise fault(
            "too_long",
            NP_(
                "the %(lang)s text has %(num)s character — shorten it to %(max)s",
                "the %(lang)s text has %(num)s characters — shorten it to %(max)s",
            ),
            field=lang,
            lang=lang,
            num=len(text),
            max=max_length,
        )


_LIST_ITEM = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$)")


def markdown_nesting(text: str) -> int:
    """How deep a Markdown text puts lists and quotes inside each other (the renderer recurses per level)."""
    deepest = 0
    for line in text.splitlines():
        depth, rest = 0, line.expandtabs(4)
        while True:
            stripped = rest.lstrip(" ")
            indent = len(rest) - len(stripped)
            if indent >= 4:  # an indented line continues or nests inside the item above
                depth += indent // 4
                rest = stripped
                continue
            if stripped.startswith(">"):
                depth, rest = depth + 1, stripped[1:]
                continue
            item = _LIST_ITEM.match(stripped)
            if item and stripped[item.end() :].strip():
                depth, rest = depth + 1, stripped[item.end() :]
                continue
            break
        deepest = max(deepest, depth)
    return deepest


def _limited(kind: type[LocalizedText], max_length: int) -> Any:
    """A localized text whose every language is at most `max_length` characters."""

    def check(value: LocalizedText) -> LocalizedText:
        for lang, text in value.root.items():
            _within_length(lang, text, max_length)
        return value

    limit = {"patternProperties": {LANG_CODE: {"maxLength": max_length}}}
    return Annotated[kind, AfterValidator(check), Field(json_schema_extra=limit)]


Name = _limited(OneLine, 120)
Summary = _limited(OneLine, 200)
Line = _limited(OneLine, MAX_LINE)
Text = _limited(LocalizedText, MAX_TEXT)


_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _clock(value: Any) -> dt.time:
    """A wall-clock time written as "HH:MM" text (YAML and pydantic read other forms as other times)."""
    if isinstance(value, dt.time) and value.tzinfo is None and not (value.second or value.microsecond):
        return value  # from Python code (the wizard, the importer)
    if isinstance(value, str) and _CLOCK.fullmatch(value):
        return dt.time(int(value[:2]), int(value[3:]))
    example = "18:30"
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2359 and value % 100 < 60:
        example = f"{value // 100:02d}:{value % 100:02d}"  # 1800 meant 18:00
    raise fault(
        "time",
        N_("'%(value)s' is not a time — write it in quotes as HH:MM, e.g. \"%(example)s\""),
        value=str(value)[:40],
        example=example,
    )


def _calendar_date(value: Any) -> dt.date:
    """A YYYY-MM-DD date from 1900 to 2100: the dates a group file needs, and no others."""
    day = value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
    if type(day) is not dt.date:
        raise fault(
            "date", N_("'%(value)s' is not a date — write it as YYYY-MM-DD, e.g. 2026-10-15"), value=str(value)[:40]
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise fault(
            "date_window",
            N_("%(value)s is outside the dates a group file may hold — give a date between %(first)s and %(last)s"),
            value=day.isoformat(),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return day


Clock = Annotated[
    dt.time, BeforeValidator(_clock), WithJsonSchema({"type": "string", "format": "time", "description": "HH:MM"})
]
Date = Annotated[dt.date, BeforeValidator(_calendar_date), WithJsonSchema({"type": "string", "format": "date"})]


def _once(value: list[Any]) -> list[Any]:
    """A list that names each item once."""
    for index, item in enumerate(value):
        if item in value[:index]:
            raise fault("listed_twice", N_("'%(key)s' is listed twice — list it once"), field=index, key=item)
    return value


Days = Annotated[list[Weekday], AfterValidator(_once), Field(min_length=1, max_length=7)]
Seeking = Literal["members", "co-facilitator"]
FORMING_FIELDS = ("looking_for", "planned_start", "how_to_join")


def _organization_key(value: str, info: ValidationInfo) -> str:
    """A key of content/organizations/<key>.yaml, checked when the reader passes in the known keys."""
    known = _context(info).get("organizations")
    if known is not None and value not in known:
        close = closest(value, sorted(known))
        if close:
            raise fault(
                "organization_key",
                N_("'%(key)s' is not an organisation of this directory — did you mean %(suggestion)s?"),
                key=value,
                suggestion=close,
            )
        raise fault(
            "organization_key",
            N_(
                "'%(key)s' is not an organisation of this directory — give the name of a file in content/organizations (without .yaml), or the name per language (he: ...)"
            ),
            key=value,
        )
    return value


def _host_kind(value: Any) -> str:
    """A plain word names an organisation file; a mapping of languages is the organisation's name as free text."""
    return "key" if isinstance(value, str) else "text"


# `organization: haifa-self-help-centre` links the group to content/organizations/haifa-self-help-centre.yaml;
# `organization:` with he:/ar:/en: lines names a host the directory does not list.
HostOrganization = Annotated[
    Annotated[Key, AfterValidator(_organization_key), Tag("key")] | Annotated[Line, Tag("text")],
    Discriminator(_host_kind),
]


class TimeRange(Strict):
    """Start and (optional) end time of a meeting, in the meeting's time zone."""

    start: Clock
    end: Clock | None = None
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
            known = value in available_timezones()
        except (ZoneInfoNotFoundError, ValueError):
            known = False
        if not known:
            raise fault(
                "timezone", N_("'%(value)s' is not a time zone — use an IANA name, e.g. Asia/Jerusalem"), value=value
            )
        return value

    @model_validator(mode="after")
    def _end_not_at_start(self) -> TimeRange:
        # An end earlier than the start is the next day (a meeting from 23:30 to 00:30); an end at the
        # start is a typo, never a 24-hour meeting.
        if self.end is not None and self.end == self.start:
            raise fault(
                "end_at_start",
                N_(
                    "the meeting ends at %(end)s, the time it starts — give the time it ends (an earlier time means the next day), or leave the end out"
                ),
                field="end",
                end=f"{self.end:%H:%M}",
                start=f"{self.start:%H:%M}",
            )
        return self

    @property
    def ends_next_day(self) -> bool:
        """True when the meeting goes on past midnight (its end is earlier than its start)."""
        return self.end is not None and self.end < self.start

    @property
    def duration(self) -> dt.timedelta | None:
        """How long the meeting lasts on the clock (23:30-00:30 is an hour), or None without an end."""
        if self.end is None:
            return None
        day = dt.date(2000, 1, 3)  # any day: wall-clock minutes only
        return self.end_after(dt.datetime.combine(day, self.start)) - dt.datetime.combine(day, self.start)

    def end_after(self, start: dt.datetime) -> dt.datetime | None:
        """The end of the meeting that starts at `start` (aware or naive, as `start` is), the next day when it goes past midnight."""
        if self.end is None:
            return None
        day = start.date() + dt.timedelta(days=1 if self.ends_next_day else 0)
        return dt.datetime.combine(day, self.end, start.tzinfo)


class Weekly(TimeRange):
    """Every week on one or more days."""

    repeat: Literal["weekly"]
    days: Days


class Biweekly(TimeRange):
    """Every two weeks, counted from a first meeting date."""

    repeat: Literal["biweekly"]
    days: Days
    first_date: Date


class Monthly(TimeRange):
    """Monthly: on the nth weekday(s) (weeks 1-5, -1 = last) or on a day of the month."""

    repeat: Literal["monthly"]
    weeks: Annotated[list[Literal[1, 2, 3, 4, 5, -1]], AfterValidator(_once), Field(max_length=6)] | None = None
    days: Days | None = None
    day_of_month: int | None = Field(default=None, ge=1, le=31)
    skip_short_months: bool = Field(
        default=False, description="say yes for a 5th weekday or a day 29-31 that some months lack"
    )

    @model_validator(mode="after")
    def _one_rule(self) -> Monthly:
        by_weekday = self.weeks is not None or self.days is not None
        if by_weekday == (self.day_of_month is not None):
            raise fault(
                "monthly_rule",
                N_(
                    "a monthly meeting needs either weeks and days (e.g. weeks: [1, 3] and days: [tue]) or day_of_month — give one of them"
                ),
                field="repeat",
            )
        if by_weekday and not (self.weeks and self.days):
            raise fault(
                "monthly_rule",
                N_("a monthly meeting by weekday needs both weeks and days — add the missing one"),
                field="repeat",
            )
        rare = (self.weeks and 5 in self.weeks) or (self.day_of_month or 0) > 28
        if rare and not self.skip_short_months:
            raise fault(
                "short_months",
                N_("some months have no such day — add skip_short_months: true to say the meeting is skipped then"),
                field="weeks" if self.weeks else "day_of_month",
            )
        return self


class Cohort(TimeRange):
    """A closed course of a set number of sessions between two dates."""

    repeat: Literal["cohort"]
    days: Days
    first_date: Date
    last_date: Date
    sessions: int | None = Field(default=None, ge=1, le=200)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Cohort:
        if self.last_date < self.first_date:
            raise fault("dates_order", N_("last_date is before first_date — check both dates"), field="last_date")
        if (self.last_date - self.first_date).days > MAX_COURSE_DAYS:
            raise fault(
                "course_length",
                N_("a course runs at most two years — for a group that goes on, use repeat: weekly"),
                field="last_date",
            )
        return self


class Unscheduled(Strict):
    """Meetings by arrangement, or an ongoing asynchronous group (forum, chat group)."""

    repeat: Literal["by-arrangement", "ongoing"]
    note: Text | None = None


Meeting = Annotated[Weekly | Biweekly | Monthly | Cohort | Unscheduled, Field(discriminator="repeat")]


class Location(Strict):
    """Where an in-person or hybrid group meets."""

    city: CityKey = Field(description="a city key from content/taxonomy.yaml")
    venue: Line | None = None
    address: Line | None = None
    directions: Text | None = None
    geo: tuple[float, float] | None = Field(default=None, description="[latitude, longitude]")
    wheelchair_accessible: bool | None = None

    @field_validator("geo")
    @classmethod
    def _in_bounds(cls, value: tuple[float, float] | None, info: ValidationInfo) -> tuple[float, float] | None:
        if value is None:
            return value
        south, north, west, east = _context(info).get("geo_bounds") or (-90, 90, -180, 180)
        if not (south <= value[0] <= north and west <= value[1] <= east):
            raise fault(
                "geo_bounds",
                N_(
                    "[%(lat)s, %(lon)s] is outside the area this directory covers — write [latitude, longitude], e.g. [32.794, 34.989]"
                ),
                lat=value[0],
                lon=value[1],
            )
        return value


Platform = Literal["zoom", "google-meet", "teams", "jitsi", "whatsapp", "telegram", "phone", "forum", "other"]


class Online(Strict):
    """How to join an online or hybrid group."""

    platform: Platform
    join_url: str | None = Field(
        default=None, max_length=2000, json_schema_extra={"format": "uri", "pattern": "^https://"}
    )
    note: Text | None = None

    @field_validator("join_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value, ("https",))


class Contact(Strict):
    """Ways to reach the group; at least one."""

    phone: str | None = Field(
        default=None, max_length=40, description="as dialled locally or with +country code; stored as E.164"
    )
    whatsapp: str | None = Field(default=None, max_length=40, description="the number WhatsApp uses; stored as E.164")
    email: str | None = Field(default=None, max_length=254, json_schema_extra={"format": "email"})
    website: str | None = Field(
        default=None, max_length=2000, json_schema_extra={"format": "uri", "pattern": "^https?://"}
    )
    name: Line | None = Field(default=None, description="first name or role only, never a surname")

    @field_validator("phone", "whatsapp")
    @classmethod
    def _phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else normalise_phone(value, _context(info).get("phone_region", "IL"))

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else check_email(value)

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value)

    @model_validator(mode="after")
    def _at_least_one(self) -> Contact:
        if not (self.phone or self.whatsapp or self.email or self.website):
            raise fault("no_contact", N_("gives no way to reach the group — add a phone, whatsapp, email or website"))
        return self


def not_in_future(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    """A `verified` or `listed` date no later than the day of the build."""
    today = _context(info).get("today") or dt.date.today()
    # A day of grace: it is already tomorrow in Israel while the build machine's clock says today (UTC).
    if value is not None and value > today + dt.timedelta(days=1):
        if info.field_name == "listed":
            raise fault(
                "future_listed",
                N_("%(value)s is in the future — give the date the group was first listed"),
                value=value,
            )
        raise fault(
            "future_date",
            N_("%(value)s is in the future — give the date the details were last confirmed"),
            value=value,
        )
    return value


class Group(Strict):
    """A support group, as written in content/groups/<slug>.yaml."""

    slug: SkipJsonSchema[str] = Field(default="", exclude=True)
    name: Name
    summary: Summary
    description: Text | None = None
    topics: list[TopicKey] = Field(
        min_length=1, max_length=MAX_TOPICS, description="topic keys from content/taxonomy.yaml"
    )
    audience: list[AudienceKey] = Field(
        default_factory=list, max_length=MAX_TOPICS, description="audience keys from the taxonomy"
    )
    facilitation: Literal["peer", "professional", "co-facilitated"]
    facilitator: Text | None = None
    organization: HostOrganization | None = Field(
        default=None, description="an organisation key (a file in content/organizations) or its name per language"
    )
    languages: list[Annotated[str, Field(pattern=LANG_CODE)]] = Field(
        min_length=1, max_length=MAX_LANGUAGES, description="ISO 639-1 codes of the languages spoken in the meetings"
    )
    attendance: Literal["in-person", "online", "hybrid"]
    membership: Literal["open", "registration"]
    cost: Literal["free", "donation", "fee"]
    cost_note: Line | None = None
    schedule: list[Meeting] = Field(
        default_factory=list,
        max_length=MAX_SCHEDULE,
        description="when the group meets; required unless status is forming (then: the planned meetings, if known)",
    )
    location: Location | None = None
    online: Online | None = None
    contact: Contact
    verified: Date
    listed: Date | None = Field(
        default=None, description="when the group was first listed (for the feed of new groups)"
    )
    status: Literal["active", "paused", "ended", "forming"] = Field(
        default="active", description="forming: an initiative being founded, looking for members or a co-facilitator"
    )
    paused_until: Date | None = None
    looking_for: Annotated[list[Seeking], AfterValidator(_once), Field(min_length=1, max_length=2)] | None = Field(
        default=None, description="with status forming: whom the initiator looks for"
    )
    planned_start: Date | None = Field(default=None, description="with status forming: when the meetings should start")
    how_to_join: Text | None = Field(
        default=None, description="with status forming: how to join the initiative or take part in founding it"
    )

    @field_validator("topics", "audience", "languages")
    @classmethod
    def _listed_once(cls, value: list[str]) -> list[str]:
        for index, key in enumerate(value):
            if key in value[:index]:
                raise fault("listed_twice", N_("'%(key)s' is listed twice — list it once"), field=index, key=key)
        return value

    @field_validator("verified", "listed")
    @classmethod
    def _not_in_future(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return not_in_future(value, info)

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

    @property
    def is_forming(self) -> bool:
        """True for an initiative still being founded: it is shown apart and never as a meeting group."""
        return self.status == "forming"

    @property
    def organization_key(self) -> str | None:
        """The key of the listed organisation the group names, if it names one by key."""
        return self.organization if isinstance(self.organization, str) else None


class Term(Strict):
    """One entry of a controlled vocabulary."""

    label: LocalizedText
    synonyms: dict[Annotated[str, Field(pattern=LANG_CODE)], list[str]] = Field(default_factory=dict)
    family: Key | None = None
    region: Key | None = None


# The fixed choices of a group file whose words visitors type into the search ("zoom", "בחינם", "مجاني").
ChoiceField = Literal["attendance", "platform", "cost", "membership", "facilitation", "language"]
Words = dict[Annotated[str, Field(pattern=LANG_CODE)], list[str]]


class Taxonomy(Strict):
    """The controlled vocabularies of content/taxonomy.yaml."""

    families: dict[Key, Term]
    topics: dict[Key, Term]
    audience: dict[Key, Term]
    regions: dict[Key, Term]
    cities: dict[Key, Term]
    # Per fixed choice of a group file (how it meets, on what, cost, who leads, how to join, in which
    # language), per value: the words people type for it in each language, searched with its label.
    choices: dict[ChoiceField, dict[Key, Words]] = Field(default_factory=dict)

    def choice_words(self, field: str, value: str) -> list[str]:
        """The words of one value of a fixed choice, in every language."""
        return [word for words in self.choices.get(field, {}).get(value, {}).values() for word in words]  # type: ignore[call-overload]

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
        """Raise a translatable error suggesting the closest key when `key` is not in `vocabulary`."""
        terms: dict[str, Term] = getattr(self, vocabulary)
        if key not in terms:
            close = closest(key, list(terms))
            if close:
                raise fault(
                    "vocabulary",
                    N_("'%(key)s' is not in the list of %(vocabulary)s — did you mean %(suggestion)s?"),
                    key=key,
                    vocabulary=vocabulary,
                    suggestion=close,
                )
            raise fault(
                "vocabulary",
                N_("'%(key)s' is not in the list of %(vocabulary)s — use one of: %(choices)s"),
                key=key,
                vocabulary=vocabulary,
                choices=", ".join(sorted(terms)),
            )


def closest(word: str, choices: list[str]) -> str | None:
    """The choice most like `word`, for "did you mean …?" hints."""
    import difflib  # local: only suggestions need it

    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _problem(field: str, value: Any, template: str, **params: Any) -> InitErrorDetails:
    return {"type": fault("consistency", template, **params), "loc": (field,), "input": value}


def _consistency(data: dict[str, Any]) -> list[InitErrorDetails]:
    """Rules between fields of a group file, checked on its raw data."""
    found = []
    attendance = data.get("attendance")
    if attendance in ("in-person", "hybrid") and not data.get("location"):
        found.append(
            _problem(
                "attendance",
                attendance,
                N_("a group that meets in person needs a location — add location: with at least city:"),
            )
        )
    if attendance in ("online", "hybrid") and not data.get("online"):
        found.append(
            _problem(
                "attendance",
                attendance,
                N_("a group that meets online needs an online section — add online: with its platform:"),
            )
        )
    if data.get("paused_until") and data.get("status", "active") != "paused":
        found.append(
            _problem(
                "paused_until",
                data["paused_until"],
                N_("is set but status is not paused — set status: paused or remove this line"),
            )
        )
    return found + _forming_consistency(data)


def _forming_consistency(data: dict[str, Any]) -> list[InitErrorDetails]:
    """A forming initiative says whom it looks for and may have no schedule yet; other groups need one."""
    found: list[InitErrorDetails] = []
    forming = data.get("status") == "forming"
    if not forming and "schedule" not in data:
        found.append({"type": "missing", "loc": ("schedule",), "input": data})
    elif not forming and data.get("schedule") == []:
        found.append(_problem("schedule", [], N_("is empty — add at least one")))
    if forming and "looking_for" not in data:
        found.append(
            _problem(
                "status",
                "forming",
                N_(
                    "a group being founded says whom it looks for — add looking_for: [members] or [members, co-facilitator]"
                ),
            )
        )
    for key in FORMING_FIELDS:
        if data.get(key) is not None and not forming:
            found.append(
                _problem(
                    key, data[key], N_("is only for a group being founded — set status: forming or remove this line")
                )
            )
    return found


def _details(exc: ValidationError) -> list[InitErrorDetails]:
    """Pydantic's errors, in the form that builds a new ValidationError."""
    details: list[InitErrorDetails] = []
    for e in exc.errors(include_url=False):
        # Our own error kinds are not pydantic's: rebuild them with their template and parameters.
        kind = e["type"] if e["type"] in _BUILTIN_ERRORS else PydanticCustomError(e["type"], e["msg"], e.get("ctx"))
        details.append(
            {"type": kind, "loc": e["loc"], "input": e["input"], **({"ctx": e["ctx"]} if "ctx" in e else {})}
        )
    return details


_BUILTIN_ERRORS = frozenset(get_args(core_schema.ErrorType))


def group_json_schema() -> dict[str, Any]:
    """The JSON Schema of a group file, generated from the model."""
    schema = Group.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "group.schema.json"
    schema["title"] = "Support group"
    # A group being founded may have no schedule yet; every other group needs one (see _forming_consistency).
    forming = {"properties": {"status": {"const": "forming"}}, "required": ["status"]}
    schema["allOf"] = [
        {
            "if": forming,
            "then": {"required": ["looking_for"]},
            "else": {
                "required": ["schedule"],
                "properties": {"schedule": {"minItems": 1}, **dict.fromkeys(FORMING_FIELDS, False)},
            },
        }
    ]
    return schema


def weekday_index(day: str) -> int:
    """Monday = 0 … Sunday = 6."""
    return WEEKDAYS.index(day)


def is_slug(text: str) -> bool:
    """True when `text` is a valid file slug."""
    return re.fullmatch(SLUG, text) is not None


class CrisisLine(Strict):
    """An emergency or crisis number shown on every page."""

    number: str = Field(pattern=r"^\+?[0-9][0-9 -]{1,20}$", description="dialled as written, e.g. 1201")
    label: OneLine


class CrisisLines(Strict):
    """content/crisis.yaml: the numbers a deployment shows in its crisis banner."""

    lines: list[CrisisLine]
