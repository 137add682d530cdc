"""`invoke new-group`: a question-and-answer wizard that writes a new group file.

For maintainers who take a submission by phone or e-mail. It asks the language of the questions first
(that one question is shown in every site language), then the languages the group's texts are written
in (only those are asked), then every field of the model in the order of a group file; taxonomy terms
may be typed by key or by label, times as 18:30, 18.30 or 1830. Before writing, it shows the file and
asks whether to write it, stop, or go back to a part (about, schedule, place, contact, status). It checks each answer as it is given by validating the part of the group it fills in with
the `Group` model itself (with the reader's context: site languages, taxonomy, phone region, map
bounds, today), so the messages are the validator's. A wrong answer is re-asked. Rules between fields
are checked with the whole group at the end; the wizard's order of questions keeps to them (a location
only for in-person and hybrid groups, and so on). An existing file is never overwritten, and the file
is written in the canonical layout (canonical.py).

Everything the wizard shows is in the chosen language: its questions, hints and messages go through
that language's gettext (`self._`, which also fills in `%(name)s` placeholders), the model's messages
and the taxonomy labels come from the same catalogue and taxonomy as the site's, and language names
from Babel. The questions are in the site's own catalogue (babel.cfg extracts every `_()` and `N_()`
in directory/, commands/ and plugins/), so tests/test_i18n.py holds them to the same rule as the site's strings: translated
into every language, placeholders kept. Run `invoke i18n-compile` after changing a translation.
What the maintainer types stays literal in every language: slugs, taxonomy keys, language codes, the
model's values (weekly, in-person, ...) and the letters y/n and w/d. In Hebrew and Arabic the model's
values are listed with their translated labels as hints (mostly the labels the site shows, see LABELS).

All input and output goes through `ask(prompt) -> answer` and `say(text)` (input and print by
default), so the wizard can be driven by a script in tests.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from babel import Locale
from pydantic import ValidationError

from commands.settings import settings_or_exit
from directory.files.canonical import GROUP_LAYOUT, dump_group
from directory.files.reader import Document, dotted, problems_from_validation, read_taxonomy
from directory.i18n import load_languages
from directory.model import WEEKDAYS, Group, Online, Taxonomy, is_slug
from directory.problems import N_
from directory.settings import reader_context
from directory.vocabulary import LABELS

Ask = Callable[[str], str]
Say = Callable[[str], None]
Translate = Callable[[str], str]
Loc = tuple[str | int, ...]

KINDS = tuple(GROUP_LAYOUT.children["schedule"].kinds)  # weekly, biweekly, ... from the model
PARAGRAPH = "."


def _choices(model: Any, name: str) -> tuple[str, ...]:
    """The allowed values of a Literal field of the model."""
    annotation = model.model_fields[name].annotation
    args = get_args(annotation)
    return tuple(a for a in args if isinstance(a, str)) or tuple(a for arg in args for a in get_args(arg))


def _split(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(",") if part.strip()]


def _number(text: str) -> int | str:
    """An integer, or the text itself for the model to explain what is wrong."""
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else text


def _numbers(answer: str) -> list[int | str]:
    return [_number(part) for part in _split(answer)]


# The converters' messages are gettext message ids: the wizard translates them when it shows them.


def _yes_no(answer: str) -> bool:
    word = answer.lower()
    if word in ("y", "yes", "true"):
        return True
    if word in ("n", "no", "false"):
        return False
    raise ValueError(N_("answer y (yes) or n (no)"))


def _weekday_or_date(answer: str) -> str:
    if answer.lower() in ("w", "d"):
        return answer.lower()
    raise ValueError(N_("answer w (by weekday) or d (by day of the month)"))


EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _time(answer: str) -> str:
    """A time as the model writes it ("18:30"), from 18:30, 18.30, 1830 or 6:30; anything else as typed."""
    text = answer.translate(EASTERN_DIGITS).strip()
    match = re.fullmatch(r"(\d{1,2})[:.]?(\d{2})", text)
    if match and (len(text) != 3 or ":" in text or "." in text):
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    return answer


def _geo(answer: str) -> list[float]:
    parts = [part for part in re.split(r"[,\s]+", answer) if part]
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 2:
        raise ValueError(N_("give latitude, longitude, e.g. 32.794, 34.989"))
    return numbers


def _catalogue(settings: dict[str, Any], code: str) -> Translate:
    """The gettext of a site language; the English message ids when its catalogue cannot be loaded."""
    try:
        languages = load_languages((code,), settings["GROUPS_LANGUAGE_INFO_PATH"], settings["GROUPS_TRANSLATIONS_PATH"])
    except (OSError, ValueError):
        return str
    return languages[code].gettext


@dataclass
class Wizard:
    """One run of the wizard: the answers so far, and how to ask and check the next ones."""

    ask: Ask
    say: Say
    settings: dict[str, Any]
    taxonomy: Taxonomy
    today: dt.date
    lang: str = "en"
    listing: tuple[str, ...] = ()  # the languages the group's texts are asked in
    translate: Translate = str
    catalogues: dict[str, Translate] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        """The site languages."""
        return tuple(self.settings["GROUPS_LANGUAGES"])

    @property
    def context(self) -> dict[str, Any]:
        """The reader's validation context: site languages, taxonomy, phone region, map bounds, today."""
        return reader_context(self.settings, self.taxonomy, self.today)

    def catalogue(self, lang: str) -> Translate:
        """The gettext of a site language, loaded once."""
        if lang not in self.catalogues:
            self.catalogues[lang] = _catalogue(self.settings, lang)
        return self.catalogues[lang]

    def use_language(self, lang: str) -> None:
        """Ask the questions, and show labels and the model's messages, in `lang`."""
        self.lang = lang
        self.translate = self.catalogue(lang)

    def _(self, message: str, **params: Any) -> str:
        """`message` (a gettext message id) in the language of the questions, placeholders filled in."""
        text = self.translate(message)
        return text % params if params else text

    def warn(self, message: str) -> None:
        """Say what is wrong with an answer (`message` is already translated)."""
        self.say(f"  ! {message}")

    # Checking.

    def problems(self, piece: dict[str, Any], loc: Loc) -> list[str]:
        """The model's messages about `loc` (and below) when it validates `piece`, a part of a group.

        Rules between fields (e.g. an in-person group needs a location) are left to the final check.
        """
        try:
            Group.model_validate(piece, context=self.context)
        except ValidationError as exc:
            between = {e["msg"] for e in exc.errors(include_url=False) if e["type"] == "group_consistency"}
            prefix = dotted(loc)
            messages = []
            for problem in problems_from_validation(Document("answer", data=piece), exc):
                if problem.template in between or not problem.field.startswith(prefix):
                    continue
                rest, text = problem.field[len(prefix) :], problem.text(self.translate)
                body = text[len(problem.field) + 2 :] if problem.field else text
                if not rest:
                    messages.append(body)
                elif rest.startswith("."):
                    messages.append(f"{rest[1:]}: {body}")
                elif rest.startswith("["):
                    messages.append(text)
            return messages
        return []

    def piece(self, loc: Loc, value: Any) -> tuple[dict[str, Any], Loc]:
        """A part of the group with `value` at `loc` (within the answers so far), and where it sits."""
        top = loc[0]
        if len(loc) == 1:
            return {top: value}, loc
        if top == "schedule":  # only the entry being asked, as the first one
            entry = dict(self.data["schedule"][loc[1]])
            entry[loc[2]] = value
            return {top: [entry]}, (top, 0, *loc[2:])
        section = dict(self.data.get(top, {}))
        section[loc[1]] = value
        return {top: section}, loc

    def put(self, loc: Loc, value: Any) -> None:
        """Store an answer at `loc`; None removes it."""
        target = self.data
        for part in loc[:-1]:
            target = target[part]
        if value is None:
            target.pop(loc[-1], None)
        else:
            target[loc[-1]] = value

    # Asking: every prompt given to these is already translated.

    def answer(self, prompt: str, convert: Callable[[str], Any] = str, default: str = "") -> Any:
        """Ask until the answer converts (no model check)."""
        while True:
            try:
                return convert(self.ask(prompt).strip() or default)
            except ValueError as exc:
                self.warn(self._(str(exc)))

    def value(
        self,
        prompt: str,
        loc: Loc,
        convert: Callable[[str], Any] = str,
        *,
        optional: bool = False,
        default: str = "",
    ) -> Any:
        """Ask until the answer converts and validates at `loc`; store and return it (None when skipped)."""
        while True:
            answer = self.ask(prompt).strip() or default
            if not answer and optional:
                self.put(loc, None)
                return None
            try:
                value = convert(answer)
            except ValueError as exc:
                self.warn(self._(str(exc)))
                continue
            piece, where = self.piece(loc, value)
            found = self.problems(piece, where)
            if not found:
                self.put(loc, value)
                return value
            for message in found:
                self.warn(message)

    def choice(self, prompt: str, loc: Loc, options: tuple[str, ...], default: str = "") -> str:
        """Ask for one of `options`, typed as they are; first list their labels when they are translated."""
        labels = LABELS.get(str(loc[-1]), {})
        if any(self.translate(labels[option]) != labels[option] for option in options if option in labels):
            for option in options:
                self.say(f"  {option}: {self._(labels[option])}" if option in labels else f"  {option}")
        suffix = f" [{default}]" if default else ""
        return self.value(f"{prompt} ({', '.join(options)}){suffix}: ", loc, default=default)

    def lines(self, prompt: str) -> str:
        """Read a multi-line text: an empty line ends it, a line with a single '.' is an empty line."""
        self.say(
            self._(
                "%(prompt)s: several lines; a line with a single %(dot)s starts a new paragraph.",
                prompt=prompt,
                dot=PARAGRAPH,
            )
        )
        self.say("  " + self._("An empty line ends the text (an empty first line skips it)."))
        lines = []
        while True:
            line = self.ask("  | ").rstrip()
            if not line.strip():
                return "\n".join(lines).strip()
            lines.append("" if line.strip() == PARAGRAPH else line)

    def language_name(self, code: str) -> str:
        """The name of a language, in the language of the questions."""
        try:
            return Locale.parse(code).get_language_name(self.lang) or code
        except (ValueError, LookupError):
            return code

    def localized(self, label: str, loc: Loc, *, required: bool = False, multiline: bool = False) -> None:
        """Ask a text in each site language (empty skips one); `required` wants at least one.

        `label` is already translated.
        """
        while True:
            texts: dict[str, str] = {}
            for code in self.listing or self.languages:
                prompt = self._(
                    "%(label)s in %(language)s (%(code)s)", label=label, language=self.language_name(code), code=code
                )
                while True:
                    if multiline:
                        text = self.lines(prompt)
                    else:
                        text = self.ask(self._("%(prompt)s, empty to skip: ", prompt=prompt)).strip()
                    if not text:
                        break
                    piece, where = self.piece(loc, {**texts, code: text})
                    found = self.problems(piece, where)
                    if not found:
                        texts[code] = text
                        break
                    for message in found:
                        self.warn(message.removeprefix(f"{code}: "))
            if texts or not required:
                self.put(loc, texts or None)
                return
            self.warn(self._("%(label)s: give the text in at least one language", label=label))

    def terms(self, vocabulary: str) -> Callable[[str], list[str]]:
        """A converter of comma-separated keys of a vocabulary; a term's label, in any language, is its key.

        A word that is neither stays as typed, and the model suggests the closest key of this vocabulary.
        """
        known: dict[str, str] = {}
        for key, term in getattr(self.taxonomy, vocabulary).items():
            for text in term.label.root.values():
                known[text.casefold()] = key

        def convert(answer: str) -> list[str]:
            return [part if part in known.values() else known.get(part.casefold(), part) for part in _split(answer)]

        return convert

    def show_terms(self, vocabulary: str) -> None:
        """List the keys of a taxonomy vocabulary with their labels."""
        fallbacks = tuple(self.settings["GROUPS_FALLBACKS"].get(self.lang, ()))
        for key, term in getattr(self.taxonomy, vocabulary).items():
            self.say(f"  {key}: {term.label.pick(self.lang, fallbacks)[0]}")

    # The group, field by field.

    def run(self, folder: Path) -> Path | None:
        """Ask every field, show the file for review (and change any part), then write folder/<slug>.yaml."""
        self.use_language(self.ask_language())
        slug = self.ask_slug(folder)
        self.ask_listing_languages()
        parts = self.parts()
        for ask in parts.values():
            ask()
        while True:
            choice = self.review(slug, parts)
            if choice == "y":
                return self.write(folder / f"{slug}.yaml")
            if choice == "n":
                self.say(self._("Nothing was written."))
                return None
            attendance = self.data.get("attendance")
            parts[choice]()
            if choice == "about" and self.data.get("attendance") != attendance:
                parts["place"]()  # in person or online changed: ask where, or how to join

    def parts(self) -> dict[str, Callable[[], None]]:
        """The parts of the group, in the order of the file, each asked again as a whole when changed."""
        return {
            "about": self.about,
            "schedule": self.ask_schedule,
            "place": self.ask_place,
            "contact": self.ask_contact,
            "status": self.ask_status,
        }

    def ask_place(self) -> None:
        """The location of an in-person or hybrid group and the joining of an online or hybrid one; only those."""
        attendance = self.data["attendance"]
        for key, kinds, ask in (
            ("location", ("in-person", "hybrid"), self.ask_location),
            ("online", ("online", "hybrid"), self.ask_online),
        ):
            if attendance in kinds:
                ask()
            else:
                self.data.pop(key, None)

    def ask_status(self) -> None:
        """The day the details were confirmed, and whether the group is meeting."""
        _ = self._
        today = self.today.isoformat()
        self.value(_("Verified on (YYYY-MM-DD) [%(today)s]: ", today=today), ("verified",), default=today)
        status = self.choice(_("Status"), ("status",), _choices(Group, "status"), default="active")
        if status == "paused":
            self.value(_("Paused until (YYYY-MM-DD), empty if unknown: "), ("paused_until",), optional=True)
        else:
            self.data.pop("paused_until", None)

    def review(self, slug: str, parts: dict[str, Callable[[], None]]) -> str:
        """Show the file as it will be written; y writes it, n stops, a part's name asks that part again."""
        _ = self._
        try:
            text = dump_group(self.data, self.languages, self.context)
        except ValidationError as exc:
            for problem in problems_from_validation(Document(f"{slug}.yaml", data=self.data), exc):
                self.warn(problem.text(self.translate))
        else:
            self.say(_("The file %(name)s will be:", name=f"{slug}.yaml"))
            self.say(text)
        options = ("y", "n", *parts)
        question = _(
            "Write it (y), stop without writing (n), or change a part (%(parts)s)? [y]: ", parts=", ".join(parts)
        )
        while True:
            answer = self.ask(question).strip().lower() or "y"
            if answer in options:
                return answer
            self.warn(_("answer y, n or one of: %(parts)s", parts=", ".join(parts)))

    def ask_listing_languages(self) -> None:
        """The languages the group's texts are written in: only those are asked (one is enough)."""
        _ = self._
        codes = ", ".join(self.languages)
        names = ", ".join(f"{code} ({self.language_name(code)})" for code in self.languages)
        question = _(
            "Languages of the listing's texts (comma-separated: %(names)s) [%(lang)s]: ", names=names, lang=self.lang
        )
        while True:
            chosen = tuple(dict.fromkeys(_split(self.ask(question)) or [self.lang]))
            if all(code in self.languages for code in chosen):
                self.listing = chosen
                return
            self.warn(_("use site language codes: %(codes)s", codes=codes))

    def ask_language(self) -> str:
        """The language of the questions, asked in English and in every site language."""
        options = ", ".join(self.languages)

        def everyone(message: str, **params: Any) -> list[str]:
            """`message` in English (the message id), then in each site language, each text once."""
            texts: list[str] = []
            for translate in (str, *map(self.catalogue, self.languages)):
                text = translate(message) % params if params else translate(message)
                if text not in texts:
                    texts.append(text)
            return texts

        question = " / ".join(everyone(N_("Language of the questions")))
        while True:
            answer = self.ask(f"{question} ({options}) [en]: ").strip() or "en"
            if answer in self.languages:
                return answer
            for text in everyone(
                N_("'%(answer)s' is not a site language; use %(options)s"), answer=answer, options=options
            ):
                self.warn(text)

    def ask_slug(self, folder: Path) -> str:
        """The file name, checked for form and for an existing file."""
        _ = self._
        while True:
            slug = self.ask(_("Slug (the file name), e.g. haifa-hearing-voices: ")).strip().removesuffix(".yaml")
            path = folder / f"{slug}.yaml"
            if not is_slug(slug):
                self.warn(_("use lower-case letters, digits and single dashes, e.g. haifa-hearing-voices"))
            elif path.exists() or path.with_suffix(".yml").exists():
                self.warn(_("%(path)s already exists; choose another slug (or edit that file)", path=path))
            else:
                return slug

    def about(self) -> None:
        """Name, summary, description, taxonomy keys and the group's kind."""
        _ = self._
        self.localized(_("Name"), ("name",), required=True)
        self.localized(_("Summary (one sentence)"), ("summary",), required=True)
        self.localized(_("Description"), ("description",), multiline=True)
        self.say(_("Topics") + ":")
        self.show_terms("topics")
        self.value(_("Topics (comma-separated keys): "), ("topics",), self.terms("topics"))
        self.say(_("Audience") + ":")
        self.show_terms("audience")
        question = _("Audience (comma-separated keys), empty for everyone: ")
        self.value(question, ("audience",), self.terms("audience"), optional=True)
        self.choice(_("Facilitation"), ("facilitation",), _choices(Group, "facilitation"))
        self.localized(_("Facilitator (who leads it, no surnames)"), ("facilitator",), multiline=True)
        self.localized(_("Organization"), ("organization",))
        question = _("Languages spoken in the meetings (comma-separated codes, e.g. he, ar): ")
        self.value(question, ("languages",), _split)
        self.choice(_("Attendance"), ("attendance",), _choices(Group, "attendance"))
        self.choice(_("Membership"), ("membership",), _choices(Group, "membership"))
        if self.choice(_("Cost"), ("cost",), _choices(Group, "cost")) != "free":
            self.localized(_("Cost note (how much, who pays less)"), ("cost_note",))

    def ask_schedule(self) -> None:
        """One or more meeting patterns."""
        self.data["schedule"] = []
        while True:
            self.ask_meeting(len(self.data["schedule"]))
            if not self.answer(self._("Add another meeting pattern? (y/n) [n]: "), _yes_no, default="n"):
                return

    def ask_meeting(self, index: int) -> None:
        """One schedule entry, asked again as a whole when its fields do not fit together."""
        _ = self._
        schedule: list[dict[str, Any]] = self.data["schedule"]
        schedule.append({})
        at: Callable[[str], Loc] = lambda name: ("schedule", index, name)  # noqa: E731
        while True:
            schedule[index] = {}
            repeat = self.choice(_("How often does the group meet"), at("repeat"), KINDS)
            if repeat in ("by-arrangement", "ongoing"):
                self.localized(_("Note on the meetings"), at("note"), multiline=True)
            else:
                self.ask_days(repeat, at)
                self.value(_("Start time (HH:MM, 24-hour): "), at("start"), _time)
                question = _(
                    "End time (HH:MM, 24-hour; earlier than the start means the next day), empty if not fixed: "
                )
                self.value(question, at("end"), _time, optional=True)
                zone = self.settings["GROUPS_TIMEZONE"]
                self.value(_("Time zone, empty for %(zone)s: ", zone=zone), at("timezone"), optional=True)
            found = self.problems({"schedule": [schedule[index]]}, ("schedule", 0))
            if not found:
                return
            for message in found:
                self.warn(message)
            self.say("  " + _("Let's take this meeting pattern again."))

    def ask_days(self, repeat: str, at: Callable[[str], Loc]) -> None:
        """The days and dates of a timed meeting pattern."""
        _ = self._
        days = _("Days (comma-separated: %(days)s): ", days=", ".join(WEEKDAYS))
        if repeat == "monthly":
            question = _("By weekday (w, e.g. the first Tuesday) or by day of the month (d)? [w]: ")
            if self.answer(question, _weekday_or_date, default="w") == "d":
                rare = self.value(_("Day of the month (1-31): "), at("day_of_month"), _number) > 28
            else:
                question = _("Weeks of the month (comma-separated 1-5, -1 for the last): ")
                weeks = self.value(question, at("weeks"), _numbers)
                self.value(days, at("days"), _split)
                rare = 5 in weeks
            if rare:
                question = _("Some months have no such day; is the meeting skipped in those months? (y/n): ")
                self.value(question, at("skip_short_months"), _yes_no)
            return
        self.value(days, at("days"), _split)
        if repeat in ("biweekly", "cohort"):
            self.value(_("First meeting date (YYYY-MM-DD): "), at("first_date"))
        if repeat == "cohort":
            self.value(_("Last meeting date (YYYY-MM-DD): "), at("last_date"))
            self.value(_("Number of sessions, empty if not set: "), at("sessions"), _number, optional=True)

    def ask_location(self) -> None:
        """Where an in-person or hybrid group meets."""
        _ = self._
        self.data["location"] = {}
        self.say(_("Cities:"))
        self.show_terms("cities")
        self.value(
            _("City (a key from the list): "),
            ("location", "city"),
            lambda answer: self.terms("cities")(answer)[0] if answer.strip() else answer,
        )
        self.localized(_("Venue"), ("location", "venue"))
        self.localized(_("Address"), ("location", "address"))
        self.localized(_("Directions (floor, entrance, parking)"), ("location", "directions"), multiline=True)
        question = _("Map position (latitude, longitude), empty to skip: ")
        self.value(question, ("location", "geo"), _geo, optional=True)
        question = _("Wheelchair accessible? (y/n), empty if unknown: ")
        self.value(question, ("location", "wheelchair_accessible"), _yes_no, optional=True)

    def ask_online(self) -> None:
        """How to join an online or hybrid group."""
        _ = self._
        self.data["online"] = {}
        self.choice(_("Platform"), ("online", "platform"), _choices(Online, "platform"))
        self.value(_("Join link (https://...), empty if not public: "), ("online", "join_url"), optional=True)
        self.localized(_("Note on joining"), ("online", "note"), multiline=True)

    def ask_contact(self) -> None:
        """Ways to reach the group: at least one."""
        _ = self._
        while True:
            self.data["contact"] = {}
            self.value(_("Phone, empty to skip: "), ("contact", "phone"), optional=True)
            self.value(_("WhatsApp number, empty to skip: "), ("contact", "whatsapp"), optional=True)
            self.value(_("E-mail, empty to skip: "), ("contact", "email"), optional=True)
            self.value(_("Website, empty to skip: "), ("contact", "website"), optional=True)
            self.localized(_("Contact person (first name or role only)"), ("contact", "name"))
            found = self.problems({"contact": self.data["contact"]}, ("contact",))
            if not found:
                return
            for message in found:
                self.warn(message)

    def write(self, path: Path) -> Path | None:
        """Validate the whole group and write it, never over an existing file."""
        _ = self._
        try:
            Group.model_validate({**self.data, "slug": path.stem}, context=self.context)
        except ValidationError as exc:
            for problem in problems_from_validation(Document(str(path), data=self.data), exc):
                self.warn(problem.text(self.translate))
            self.say(_("Nothing was written."))
            return None
        text = dump_group(self.data, self.languages, self.context)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            self.warn(_("%(path)s already exists; it was not overwritten. Nothing was written.", path=path))
            return None
        command = f".venv/bin/invoke validate --paths {path}" + ("" if self.lang == "en" else f" --lang {self.lang}")
        self.say(_("Wrote %(path)s. Check it with: %(command)s", path=path, command=command))
        return path


def run(
    content: str | os.PathLike[str] = "content",
    settings: dict[str, Any] | None = None,
    *,
    ask: Ask = input,
    say: Say = print,
    today: dt.date | None = None,
) -> Path | None:
    """Ask for a new group and write content/groups/<slug>.yaml; return its path, or None."""
    settings = settings_or_exit(settings)
    taxonomy, problems = read_taxonomy(Path(content) / settings["GROUPS_TAXONOMY"], tuple(settings["GROUPS_LANGUAGES"]))
    if taxonomy is None:
        for problem in problems:
            say(str(problem))
        return None
    wizard = Wizard(ask=ask, say=say, settings=settings, taxonomy=taxonomy, today=today or dt.date.today())
    return wizard.run(Path(content) / settings["GROUPS_PATH"])
