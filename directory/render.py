"""Turn model values into safe, localised text and HTML for the templates."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

import markdown
import nh3
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_day_names
from babel.lists import format_list
from markdown.extensions import Extension
from markupsafe import Markup, escape

from directory.i18n import Language
from directory.model import Biweekly, Cohort, LocalizedText, Monthly, Unscheduled, Weekly, weekday_index

# Group descriptions are untrusted: Markdown is rendered, then only these survive.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


HEADING = re.compile(r"<(/?)h([1-6])>")


class NoRawHtml(Extension):
    """Markdown without raw HTML: tags typed in a description are shown as text, never parsed."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Drop the block and inline raw-HTML processors."""
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


@cache
def _markdown() -> markdown.Markdown:
    # One converter, reset before each text: making one per text took most of the time of a conversion.
    return markdown.Markdown(extensions=["sane_lists", NoRawHtml()])


@cache
def markdown_to_html(text: str) -> str:
    """Render untrusted Markdown to sanitised HTML, headings demoted below the page's h2."""
    html = nh3.clean(
        _markdown().reset().convert(text),
        tags=ALLOWED_TAGS | {"h1", "h2"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
        clean_content_tags={"script", "style"},
    )
    # After nh3, heading tags carry no attributes, so a plain substitution demotes them safely.
    return HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)


def direction_of(code: str, languages: dict[str, Language]) -> str:
    """The writing direction of a language code: the site's own, else CLDR's (ltr for a code it does not know)."""
    if code in languages:
        return languages[code].direction
    return _cldr_direction(code)


@lru_cache(maxsize=256)
def _cldr_direction(code: str) -> str:
    try:
        order = Locale.parse(code).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def localized(
    value: LocalizedText | None,
    page: Language,
    fallbacks: tuple[str, ...],
    languages: dict[str, Language],
    block: bool = False,
) -> Markup:
    """The text in the page's language, or a fallback wrapped with its own lang and dir."""
    if value is None:
        return Markup("")
    text, lang = value.pick(page.code, fallbacks)
    body = Markup(markdown_to_html(text)) if block else escape(text)
    if lang == page.code:
        return body
    tag = "div" if block else "span"
    # An f-string, not Markup.format (Python's string.Formatter: a tenth of a group page's rendering).
    return Markup(f'<{tag} lang="{escape(lang)}" dir="{direction_of(lang, languages)}">{body}</{tag}>')


def fallback_language(value: LocalizedText | None, page: Language, fallbacks: tuple[str, ...]) -> str | None:
    """The language actually shown for `value` when it is not the page's, else None."""
    if value is None:
        return None
    lang = value.pick(page.code, fallbacks)[1]
    return None if lang == page.code else lang


def language_name(code: str, page: Language) -> str:
    """The name of a language in the page's language, e.g. 'ערבית' for ar on a Hebrew page."""
    return page.locale.languages.get(code, code)


def long_date(day: dt.date, page: Language) -> str:
    """A date as people write it, e.g. '15 באוקטובר 2026', '15 تشرين الأول 2026'."""
    return format_date(day, "long", locale=page.dates)


def forming_when(planned_start: dt.date | None, page: Language) -> str:
    """What a group being founded says in place of its meeting time: its planned start, if known."""
    if planned_start is None:
        return page.gettext("Being founded: no dates yet")
    return page.gettext("Being founded: planned to start %(date)s") % {"date": long_date(planned_start, page)}


def weekday_and_date(day: dt.date, page: Language) -> str:
    """A weekday with its date, as the language writes it: 'יום שלישי, 8 בדצמבר', 'الثلاثاء، 8 كانون الأول'."""
    return format_date(day, _weekday_date_pattern(page.dates), locale=page.dates)


@cache
def _weekday_date_pattern(locale: object) -> str:
    # CLDR's abbreviated "weekday, day month" pattern (with Hebrew's ב before the month, Arabic's comma),
    # widened to full names: Babel does not widen a skeleton's fields itself.
    pattern = locale.datetime_skeletons["MMMEd"].pattern  # type: ignore[attr-defined]
    pattern = re.sub(r"(?<!M)M{3}(?!M)", "MMMM", pattern)
    return re.sub(r"(?<!E)E{1,3}(?!E)", "EEEE", pattern)


def _days(days: list[str], page: Language) -> str:
    names = get_day_names("wide", locale=page.locale)
    return format_list([names[weekday_index(d)] for d in days], locale=page.locale)


def _ordinals(weeks: list[int], page: Language) -> str:
    _ = page.gettext
    words = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), 5: _("fifth"), -1: _("last")}
    return format_list([words[w] for w in weeks], locale=page.locale)


def meeting_when(meeting: object, page: Language, fallbacks: tuple[str, ...], languages: dict[str, Language]) -> Markup:
    """When a meeting happens, in the page's language, e.g. 'בכל יום שלישי'."""
    _ = page.gettext
    if isinstance(meeting, Weekly):
        return escape(_("Every %(days)s") % {"days": _days(meeting.days, page)})
    if isinstance(meeting, Biweekly):
        return escape(
            _("Every other %(days)s, starting %(date)s")
            % {"days": _days(meeting.days, page), "date": long_date(meeting.first_date, page)}
        )
    if isinstance(meeting, Monthly):
        if meeting.day_of_month:
            return escape(_("Every month on day %(day)s") % {"day": meeting.day_of_month})
        return escape(
            _("Every month on the %(ordinals)s %(days)s")
            % {"ordinals": _ordinals(meeting.weeks or [], page), "days": _days(meeting.days or [], page)}
        )
    if isinstance(meeting, Cohort):
        text = _("%(days)s, from %(first)s to %(last)s") % {
            "days": _days(meeting.days, page),
            "first": long_date(meeting.first_date, page),
            "last": long_date(meeting.last_date, page),
        }
        if meeting.sessions:
            text += " · " + page.ngettext("%(num)s session", "%(num)s sessions", meeting.sessions) % {
                "num": meeting.sessions
            }
        return escape(text)
    assert isinstance(meeting, Unscheduled)
    label = _("By arrangement") if meeting.repeat == "by-arrangement" else _("Ongoing, at any time (asynchronous)")
    if meeting.note:
        return escape(label) + Markup(" · ") + localized(meeting.note, page, fallbacks, languages)
    return escape(label)


def hours(meeting: object) -> str:
    """A meeting's hours as plain text, '18:00–19:30' (or '23:30–00:30', the end the next day), or '18:00'."""
    start, end = meeting.start, getattr(meeting, "end", None)
    return f"{start:%H:%M}–{end:%H:%M}" if end else f"{start:%H:%M}"


def _time_notes(meeting: object, page: Language, site_timezone: str) -> list[str]:
    """What the hours need said beside them: past midnight, another time zone."""
    notes = []
    if getattr(meeting, "ends_next_day", False):
        notes.append(page.gettext("(ends after midnight)"))
    zone = getattr(meeting, "timezone", None)
    if zone and zone != site_timezone:
        notes.append(page.gettext("(%(zone)s time)") % {"zone": zone})
    return notes


def meeting_time(meeting: object, page: Language, site_timezone: str) -> Markup:
    """The meeting's hours, e.g. '18:00–19:30', isolated so RTL pages keep their order."""
    if getattr(meeting, "start", None) is None:
        return Markup("")
    result = Markup(f'<bdi dir="ltr">{escape(hours(meeting))}</bdi>')
    for note in _time_notes(meeting, page, site_timezone):
        result += Markup(" ") + escape(note)
    return result


def meeting_time_text(meeting: object, page: Language, site_timezone: str) -> str:
    """The meeting's hours as plain text, the range between FSI and PDI so RTL text keeps its order (search results)."""
    if getattr(meeting, "start", None) is None:
        return ""
    return " ".join([f"\u2068{hours(meeting)}\u2069", *_time_notes(meeting, page, site_timezone)])
