"""Checks of single values in group files: text safety, phone numbers, e-mail and web addresses."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
import regex
from phonenumbers import PhoneNumberType
from pydantic_core import PydanticCustomError

from directory.problems import N_, Template

# Invisible characters are found by their Unicode properties (the `regex` module's \p{...}), not by a
# hand list. Bidi embeddings and isolates can make a name display as something else ("Trojan Source");
# they are format characters (Cf). U+2800 BRAILLE PATTERN BLANK is the one look-alike blank that no
# property calls invisible (it is a symbol), so it is named.

# One-line texts (names, summaries, addresses): no character that is invisible by its Unicode properties
# (Default_Ignorable_Code_Point: format characters, fillers, variation selectors, U+034F …), no control,
# private-use, surrogate or unassigned code point, no line or paragraph separator.
FORBIDDEN_IN_LINE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\u2800]")
# Long texts (Markdown) keep line breaks and tabs, the joiners and variation selectors that Arabic
# script and emoji sequences need, and the direction marks (LRM, RLM, ALM) a Hebrew or Arabic editor
# puts next to punctuation (marks, unlike embeddings and isolates, cannot reorder text); every other
# invisible or control character is refused.
TEXT_KEEPS = "\u200c\u200d\ufe00-\ufe0f\u200e\u200f\u061c"
FORBIDDEN_IN_TEXT = regex.compile(
    rf"[[\p{{Default_Ignorable_Code_Point}}\p{{Cc}}\p{{Cf}}\p{{Co}}\p{{Cs}}\u2800]--[\n\t{TEXT_KEEPS}]]", regex.V1
)
# What makes two names look the same to a reader: invisible characters and combining marks (niqqud,
# tashkeel, accents) are ignored when names are compared.
IGNORED_WHEN_COMPARING = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Mn}\p{Me}\u2800]")
# Number types a group publishes for a visitor to call: not premium rate, pager, voicemail or
# "personal" (follow-me) numbers, which cost the caller more or reach no one.
CALLABLE_PHONE_TYPES = frozenset(
    {
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.VOIP,
        PhoneNumberType.UAN,
    }
)
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)
HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$|^xn--")


def fault(
    kind: str, template: Template, field: str | int | None = None, offset: int | None = None, **params: Any
) -> PydanticCustomError:
    """A translatable error; `field` points below the failing value, `offset` at a character in it.

    A message with a count (NP_) carries its plural in the context, for make_problem.
    """
    context: dict[str, Any] = dict(params)
    if not isinstance(template, str):
        template, context["plural"] = template
    if field is not None:
        context["field"] = field
    if offset is not None:
        context["offset"] = offset
    # Prefixed so our kinds never clash with pydantic's own (too_long, url_scheme, …).
    return PydanticCustomError(f"group_{kind}", template, context)


def _describe(char: str) -> dict[str, str]:
    return {"code": f"U+{ord(char):04X}", "char_name": unicodedata.name(char, "CONTROL CHARACTER")}


def isolated(text: str) -> str:
    """`text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, so a number or address keeps its order in RTL messages."""
    return f"\u2068{text}\u2069"


def comparable(text: str) -> str:
    """A name as a reader sees it, for finding duplicates: compatibility forms folded, case, marks and invisible characters ignored."""
    bare = IGNORED_WHEN_COMPARING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(unicodedata.normalize("NFKC", bare.casefold()).split())


def check_line(lang: str, text: str) -> None:
    """Refuse line breaks and invisible, control and direction-control characters in one-line text."""
    for index, char in enumerate(text):
        if char in "\r\n":
            raise fault("line_break", N_("must be one line — remove the line break"), field=lang, offset=index)
        if FORBIDDEN_IN_LINE.match(char):
            raise fault(
                "invisible_character",
                N_(
                    "has an invisible or direction-control character (%(code)s %(char_name)s) at character %(index)s — delete it and type the text again"
                ),
                field=lang,
                offset=index,
                index=index + 1,
                **_describe(char),
            )


def check_text(lang: str, text: str) -> None:
    """Refuse direction-control and control characters in long text (Markdown)."""
    for index, char in enumerate(text):
        if FORBIDDEN_IN_TEXT.match(char):
            line = text.count("\n", 0, index) + 1
            raise fault(
                "invisible_character",
                N_(
                    "has an invisible or direction-control character (%(code)s %(char_name)s) on line %(line)s of the text — delete it"
                ),
                field=lang,
                line=line,
                **_describe(char),
            )


def normalise_phone(value: str, region: str) -> str:
    """A phone number in international E.164 form, or a translatable error.

    Letters are refused: phonenumbers turns them into keypad digits, so a typo such as 04-6555abc
    would be published as another number; vanity numbers (1-800-FLOWERS) are refused too, since a
    listing shows the digits a visitor dials and a tel: link needs them. An extension is refused
    rather than dropped: E.164 and tel: links cannot carry it to the visitor's phone.
    """
    shown = isolated(value)
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and parsed.extension:
        raise fault(
            "phone_extension",
            N_(
                "'%(value)s' has an extension (%(extension)s), which a visitor's phone cannot dial from the listing — give a number that reaches the group directly"
            ),
            value=shown,
            extension=isolated(parsed.extension),
        )
    if any(unicodedata.category(char).startswith("L") for char in value):
        raise fault(
            "phone_letters",
            N_("'%(value)s' has letters in it — write the number in digits only, e.g. 04-555-0101"),
            value=shown,
        )
    if parsed is None:
        raise fault(
            "phone",
            N_("'%(value)s' is not a phone number — write it as it is dialled, e.g. 04-555-0101 or +972 4-555-0101"),
            value=shown,
        )
    if not phonenumbers.is_valid_number(parsed):
        raise fault(
            "phone",
            N_(
                "'%(value)s' is not a valid phone number — check the digits; write it as it is dialled, e.g. 04-555-0101 or +972 4-555-0101"
            ),
            value=shown,
        )
    kind = phonenumbers.number_type(parsed)
    if kind == PhoneNumberType.PREMIUM_RATE:
        raise fault(
            "phone_premium",
            N_(
                "'%(value)s' is a premium-rate number, which costs the caller extra — give an ordinary or toll-free number"
            ),
            value=shown,
        )
    if kind not in CALLABLE_PHONE_TYPES:
        raise fault(
            "phone_type",
            N_(
                "'%(value)s' is not a number a visitor can call the group on (a pager, voicemail or personal forwarding number) — give a landline, mobile or toll-free number"
            ),
            value=shown,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_email(value: str) -> str:
    """An e-mail address in plain form."""
    if not EMAIL.match(value):
        raise fault("email", N_("'%(value)s' is not an e-mail address — write it as name@example.org"), value=value)
    return value


def check_url(value: str, schemes: tuple[str, ...] = ("https", "http")) -> str:
    """A web address with an allowed scheme, a real host name and no user name or password."""
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise fault(
            "url_scheme",
            N_("'%(value)s' must start with %(schemes)s — other kinds of links are not allowed"),
            value=value[:60],
            schemes=" or ".join(f"{s}://" for s in schemes),
        )
    if parts.username or parts.password:
        raise fault("url_credentials", N_("the address contains a user name or password — remove the part before @"))
    if (
        not HOST.match((parts.hostname or "").lower())
        or any(c.isspace() for c in value)
        or '"' in value
        or "<" in value
    ):
        raise fault(
            "url", N_("'%(value)s' is not a web address — copy it from the browser's address bar"), value=value[:60]
        )
    return value


def mixed_script_words(text: str) -> list[str]:
    """Words that mix letters of two scripts, like a Cyrillic 'а' inside a Latin word (look-alikes)."""
    found = []
    for word in re.findall(r"\w+", text):
        scripts = {_script(c) for c in word if c.isalpha()}
        scripts.discard(None)
        if len(scripts) > 1:
            found.append(word)
    return found


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "HEBREW", "ARABIC", "ARMENIAN"):
        if name.startswith(script):
            return script
    return None
