"""`invoke new-group`: a question-and-answer wizard that writes a new group file.

For maintainers who take a submission by phone or e-mail. It asks the language of the questions first
(used for the taxonomy labels, the language names and the model's messages it shows), then every field
of the model in the order of a group file, and checks each answer as it is given by validating the part
of the group it fills in with the `Group` model itself (with the reader's context: site languages,
taxonomy, phone region, map bounds, today), so the messages are the validator's. A wrong answer is
re-asked. Rules between fields are checked with the whole group at the end; the wizard's order of
questions keeps to them (a location only for in-person and hybrid groups, and so on). An existing file
is never overwritten, and the file is written in the canonical layout (canonical.py).

The questions themselves are in English only (the model's messages are translated: they are already in
the site's catalogue). The questions are deliberately not routed through gettext `_()`: babel.cfg
extracts every `_()` in plugins/**.py into the site's own catalogue, and tests/test_i18n.py requires
every string there to be translated, so maintainer-only questions would burden the site's translators.
A separate gettext domain for maintainer tools is the way to translate them later.

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

from .canonical import GROUP_LAYOUT, dump_group
from .i18n import load_languages
from .model import WEEKDAYS, Group, Online, Taxonomy, is_slug
from .reader import Document, dotted, problems_from_validation, read_taxonomy
from .settings import DEFAULTS, reader_context

Ask = Callable[[str], str]
Say = Callable[[str], None]
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


def _yes_no(answer: str) -> bool:
    word = answer.lower()
    if word in ("y", "yes", "true"):
        return True
    if word in ("n", "no", "false"):
        return False
    raise ValueError("answer y (yes) or n (no)")


def _weekday_or_date(answer: str) -> str:
    if answer.lower() in ("w", "d"):
        return answer.lower()
    raise ValueError("answer w (by weekday) or d (by day of the month)")


def _geo(answer: str) -> list[float]:
    parts = [part for part in re.split(r"[,\s]+", answer) if part]
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 2:
        raise ValueError("give latitude, longitude, e.g. 32.794, 34.989")
    return numbers


@dataclass
class Wizard:
    """One run of the wizard: the answers so far, and how to ask and check the next ones."""

    ask: Ask
    say: Say
    settings: dict[str, Any]
    taxonomy: Taxonomy
    today: dt.date
    lang: str = "en"
    translate: Callable[[str], str] = str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        """The site languages."""
        return tuple(self.settings["GROUPS_LANGUAGES"])

    @property
    def context(self) -> dict[str, Any]:
        """The reader's validation context: site languages, taxonomy, phone region, map bounds, today."""
        return reader_context(self.settings, self.taxonomy, self.today)

    def use_language(self, lang: str) -> None:
        """Show labels and the model's messages in `lang` (the questions stay in English)."""
        self.lang = lang
        try:
            languages = load_languages(
                (lang,), self.settings["GROUPS_LANGUAGE_INFO_PATH"], self.settings["GROUPS_TRANSLATIONS_PATH"]
            )
        except (OSError, ValueError):
            return
        self.translate = languages[lang].gettext

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

    # Asking.

    def answer(self, prompt: str, convert: Callable[[str], Any] = str, default: str = "") -> Any:
        """Ask until the answer converts (no model check)."""
        while True:
            try:
                return convert(self.ask(prompt).strip() or default)
            except ValueError as exc:
                self.say(f"  ! {exc}")

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
                self.say(f"  ! {exc}")
                continue
            piece, where = self.piece(loc, value)
            found = self.problems(piece, where)
            if not found:
                self.put(loc, value)
                return value
            for message in found:
                self.say(f"  ! {message}")

    def choice(self, prompt: str, loc: Loc, options: tuple[str, ...], default: str = "") -> str:
        """Ask for one of `options`."""
        suffix = f" [{default}]" if default else ""
        return self.value(f"{prompt} ({', '.join(options)}){suffix}: ", loc, default=default)

    def lines(self, prompt: str) -> str:
        """Read a multi-line text: an empty line ends it, a line with a single '.' is an empty line."""
        self.say(f"{prompt}: several lines; a line with a single {PARAGRAPH} starts a new paragraph,")
        self.say("  an empty line ends the text (an empty first line skips it).")
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
        """Ask a text in each site language (empty skips one); `required` wants at least one."""
        while True:
            texts: dict[str, str] = {}
            for code in self.languages:
                prompt = f"{label} in {self.language_name(code)} ({code})"
                while True:
                    text = self.lines(prompt) if multiline else self.ask(f"{prompt}, empty to skip: ").strip()
                    if not text:
                        break
                    piece, where = self.piece(loc, {**texts, code: text})
                    found = self.problems(piece, where)
                    if not found:
                        texts[code] = text
                        break
                    for message in found:
                        self.say(f"  ! {message.removeprefix(f'{code}: ')}")
            if texts or not required:
                self.put(loc, texts or None)
                return
            self.say(f"  ! {label}: give the text in at least one language")

    def show_terms(self, vocabulary: str) -> None:
        """List the keys of a taxonomy vocabulary with their labels."""
        fallbacks = tuple(self.settings["GROUPS_FALLBACKS"].get(self.lang, ()))
        for key, term in getattr(self.taxonomy, vocabulary).items():
            self.say(f"  {key}: {term.label.pick(self.lang, fallbacks)[0]}")

    # The group, field by field.

    def run(self, folder: Path) -> Path | None:
        """Ask every field, then write folder/<slug>.yaml; None when it was not written."""
        self.use_language(self.ask_language())
        slug = self.ask_slug(folder)
        self.about()
        self.ask_schedule()
        if self.data["attendance"] in ("in-person", "hybrid"):
            self.ask_location()
        if self.data["attendance"] in ("online", "hybrid"):
            self.ask_online()
        self.ask_contact()
        self.value(
            f"Verified on (YYYY-MM-DD) [{self.today.isoformat()}]: ", ("verified",), default=self.today.isoformat()
        )
        status = self.choice("Status", ("status",), _choices(Group, "status"), default="active")
        if status == "paused":
            self.value("Paused until (YYYY-MM-DD), empty if unknown: ", ("paused_until",), optional=True)
        return self.write(folder / f"{slug}.yaml")

    def ask_language(self) -> str:
        """The language of the questions: for labels and language names."""
        options = ", ".join(self.languages)
        while True:
            answer = self.ask(f"Language of the questions ({options}) [en]: ").strip() or "en"
            if answer in self.languages:
                return answer
            self.say(f"  ! '{answer}' is not a site language; use {options}")

    def ask_slug(self, folder: Path) -> str:
        """The file name, checked for form and for an existing file."""
        while True:
            slug = self.ask("Slug (the file name), e.g. haifa-hearing-voices: ").strip().removesuffix(".yaml")
            path = folder / f"{slug}.yaml"
            if not is_slug(slug):
                self.say("  ! use lower-case letters, digits and single dashes, e.g. haifa-hearing-voices")
            elif path.exists() or path.with_suffix(".yml").exists():
                self.say(f"  ! {path} already exists; choose another slug (or edit that file)")
            else:
                return slug

    def about(self) -> None:
        """Name, summary, description, taxonomy keys and the group's kind."""
        self.localized("Name", ("name",), required=True)
        self.localized("Summary (one sentence)", ("summary",), required=True)
        self.localized("Description", ("description",), multiline=True)
        self.say("Topics:")
        self.show_terms("topics")
        self.value("Topics (comma-separated keys): ", ("topics",), _split)
        self.say("Audience:")
        self.show_terms("audience")
        self.value("Audience (comma-separated keys), empty for everyone: ", ("audience",), _split, optional=True)
        self.choice("Facilitation", ("facilitation",), _choices(Group, "facilitation"))
        self.localized("Facilitator (who leads it, no surnames)", ("facilitator",), multiline=True)
        self.localized("Organization", ("organization",))
        self.value("Languages spoken in the meetings (comma-separated codes, e.g. he, ar): ", ("languages",), _split)
        self.choice("Attendance", ("attendance",), _choices(Group, "attendance"))
        self.choice("Membership", ("membership",), _choices(Group, "membership"))
        if self.choice("Cost", ("cost",), _choices(Group, "cost")) != "free":
            self.localized("Cost note (how much, who pays less)", ("cost_note",))

    def ask_schedule(self) -> None:
        """One or more meeting patterns."""
        self.data["schedule"] = []
        while True:
            self.ask_meeting(len(self.data["schedule"]))
            if not self.answer("Add another meeting pattern? (y/n) [n]: ", _yes_no, default="n"):
                return

    def ask_meeting(self, index: int) -> None:
        """One schedule entry, asked again as a whole when its fields do not fit together."""
        schedule: list[dict[str, Any]] = self.data["schedule"]
        schedule.append({})
        at: Callable[[str], Loc] = lambda name: ("schedule", index, name)  # noqa: E731
        while True:
            schedule[index] = {}
            repeat = self.choice("How often does the group meet", at("repeat"), KINDS)
            if repeat in ("by-arrangement", "ongoing"):
                self.localized("Note on the meetings", at("note"), multiline=True)
            else:
                self.ask_days(repeat, at)
                self.value("Start time (HH:MM, 24-hour): ", at("start"))
                self.value("End time (HH:MM), empty if not fixed: ", at("end"), optional=True)
                zone = self.settings["GROUPS_TIMEZONE"]
                self.value(f"Time zone, empty for {zone}: ", at("timezone"), optional=True)
            found = self.problems({"schedule": [schedule[index]]}, ("schedule", 0))
            if not found:
                return
            for message in found:
                self.say(f"  ! {message}")
            self.say("  Let's take this meeting pattern again.")

    def ask_days(self, repeat: str, at: Callable[[str], Loc]) -> None:
        """The days and dates of a timed meeting pattern."""
        days = f"Days (comma-separated: {', '.join(WEEKDAYS)}): "
        if repeat == "monthly":
            question = "By weekday (w, e.g. the first Tuesday) or by day of the month (d)? [w]: "
            if self.answer(question, _weekday_or_date, default="w") == "d":
                rare = self.value("Day of the month (1-31): ", at("day_of_month"), _number) > 28
            else:
                weeks = self.value("Weeks of the month (comma-separated 1-5, -1 for the last): ", at("weeks"), _numbers)
                self.value(days, at("days"), _split)
                rare = 5 in weeks
            if rare:
                question = "Some months have no such day; is the meeting skipped in those months? (y/n): "
                self.value(question, at("skip_short_months"), _yes_no)
            return
        self.value(days, at("days"), _split)
        if repeat in ("biweekly", "cohort"):
            self.value("First meeting date (YYYY-MM-DD): ", at("first_date"))
        if repeat == "cohort":
            self.value("Last meeting date (YYYY-MM-DD): ", at("last_date"))
            self.value("Number of sessions, empty if not set: ", at("sessions"), _number, optional=True)

    def ask_location(self) -> None:
        """Where an in-person or hybrid group meets."""
        self.data["location"] = {}
        self.say("Cities:")
        self.show_terms("cities")
        self.value("City (a key from the list): ", ("location", "city"))
        self.localized("Venue", ("location", "venue"))
        self.localized("Address", ("location", "address"))
        self.localized("Directions (floor, entrance, parking)", ("location", "directions"), multiline=True)
        self.value("Map position (latitude, longitude), empty to skip: ", ("location", "geo"), _geo, optional=True)
        question = "Wheelchair accessible? (y/n), empty if unknown: "
        self.value(question, ("location", "wheelchair_accessible"), _yes_no, optional=True)

    def ask_online(self) -> None:
        """How to join an online or hybrid group."""
        self.data["online"] = {}
        self.choice("Platform", ("online", "platform"), _choices(Online, "platform"))
        self.value("Join link (https://...), empty if not public: ", ("online", "join_url"), optional=True)
        self.localized("Note on joining", ("online", "note"), multiline=True)

    def ask_contact(self) -> None:
        """Ways to reach the group: at least one."""
        while True:
            self.data["contact"] = {}
            self.value("Phone, empty to skip: ", ("contact", "phone"), optional=True)
            self.value("WhatsApp number, empty to skip: ", ("contact", "whatsapp"), optional=True)
            self.value("E-mail, empty to skip: ", ("contact", "email"), optional=True)
            self.value("Website, empty to skip: ", ("contact", "website"), optional=True)
            self.localized("Contact person (first name or role only)", ("contact", "name"))
            found = self.problems({"contact": self.data["contact"]}, ("contact",))
            if not found:
                return
            for message in found:
                self.say(f"  ! {message}")

    def write(self, path: Path) -> Path | None:
        """Validate the whole group and write it, never over an existing file."""
        try:
            Group.model_validate({**self.data, "slug": path.stem}, context=self.context)
        except ValidationError as exc:
            for problem in problems_from_validation(Document(str(path), data=self.data), exc):
                self.say(f"  ! {problem.text(self.translate)}")
            self.say("Nothing was written.")
            return None
        text = dump_group(self.data, self.languages, self.context)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            self.say(f"  ! {path} already exists; it was not overwritten. Nothing was written.")
            return None
        self.say(f"Wrote {path}. Check it with: .venv/bin/invoke validate --paths {path}")
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
    settings = settings or DEFAULTS
    taxonomy, problems = read_taxonomy(Path(content) / settings["GROUPS_TAXONOMY"], tuple(settings["GROUPS_LANGUAGES"]))
    if taxonomy is None:
        for problem in problems:
            say(str(problem))
        return None
    wizard = Wizard(ask=ask, say=say, settings=settings, taxonomy=taxonomy, today=today or dt.date.today())
    return wizard.run(Path(content) / settings["GROUPS_PATH"])
