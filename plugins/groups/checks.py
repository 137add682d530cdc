"""Checks of single values in group files: text safety, phone numbers, e-mail and web addresses."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from pydantic_core import PydanticCustomError

from .problems import N_

# Bidi controls can make a name display as something else ("Trojan Source"); they are never needed
# in our texts, where the page sets the direction.
BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
# Visible-looking blanks that are not spaces, used to spoof names.
INVISIBLE_FILLERS = {0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E}
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)
HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$|^xn--")


def fault(
    kind: str, template: str, field: str | int | None = None, offset: int | None = None, **params: Any
) -> PydanticCustomError:
    """A translatable error; `field` points below the failing value, `offset` at a character in it."""
    context: dict[str, Any] = dict(params)
    if field is not None:
        context["field"] = field
    if offset is not None:
        context["offset"] = offset
    # Prefixed so our kinds never clash with pydantic's own (too_long, url_scheme, …).
    return PydanticCustomError(f"group_{kind}", template, context)


def _describe(char: str) -> dict[str, str]:
    return {"code": f"U+{ord(char):04X}", "char_name": unicodedata.name(char, "CONTROL CHARACTER")}


def _forbidden_in_line(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn") or code in INVISIBLE_FILLERS


def _forbidden_in_text(char: str) -> bool:
    code = ord(char)
    return (
        code in BIDI_CONTROLS
        or code in INVISIBLE_FILLERS
        or (unicodedata.category(char) == "Cc" and char not in "\n\t")
    )


def check_line(lang: str, text: str) -> None:
    """Refuse line breaks and invisible, control and direction-control characters in one-line text."""
    for index, char in enumerate(text):
        if char in "\r\n":
            raise fault("line_break", N_("must be one line — remove the line break"), field=lang, offset=index)
        if _forbidden_in_line(char):
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
        if _forbidden_in_text(char):
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
    """A phone number in international E.164 form, or a translatable error."""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise fault(
            "phone",
            N_("'%(value)s' is not a phone number — write it as it is dialled, e.g. 04-555-0101 or +972 4-555-0101"),
            value=value,
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise fault(
            "phone",
            N_(
                "'%(value)s' is not a valid phone number — check the digits; write it as it is dialled, e.g. 04-555-0101 or +972 4-555-0101"
            ),
            value=value,
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
