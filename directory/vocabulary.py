"""The labels of the model's fixed values (facilitation, attendance, cost, ...): one table for every reader.

The strings are English msgids, translated through the site's catalogues. The pages
(theme/templates/partials/labels.html), the wizard, the form, the search documents and the HSDS export
all read them here, so a value is named the same everywhere and a new one is labelled in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from directory.problems import N_

LABELS: dict[str, dict[str, str]] = {
    "facilitation": {
        "peer": N_("Peer-led"),
        "professional": N_("Led by a professional"),
        "co-facilitated": N_("Co-facilitated by a peer and a professional"),
    },
    "attendance": {"in-person": N_("In person"), "online": N_("Online"), "hybrid": N_("In person and online")},
    "membership": {"open": N_("Open: just come"), "registration": N_("Registration first")},
    "cost": {"free": N_("Free"), "donation": N_("Donation"), "fee": N_("Fee")},
    "status": {"active": N_("Active"), "paused": N_("Paused"), "ended": N_("No longer meeting")},
    "repeat": {
        "weekly": N_("every week"),
        "biweekly": N_("every other week"),
        "monthly": N_("once or more a month, on set weeks or on a set day of the month"),
        "cohort": N_("a course: set weekdays between a first and a last date"),
        "by-arrangement": N_("By arrangement"),
        "ongoing": N_("Ongoing, at any time (asynchronous)"),
    },
}

# What each way of leading a group means, under its label in the form.
FACILITATION_HELP: dict[str, str] = {
    "peer": N_("Run by members who live with the same experience (self-help)."),
    "professional": N_("Run by a trained professional such as a social worker or psychologist."),
    "co-facilitated": N_("Run together by a peer expert with lived experience and a professional."),
}

# Online platforms: brand names stay as they are in every language; the others are translated.
PLATFORMS: dict[str, str] = {
    "zoom": "Zoom",
    "google-meet": "Google Meet",
    "teams": "Microsoft Teams",
    "jitsi": "Jitsi",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "phone": N_("Phone call"),
    "forum": N_("Online forum"),
    "other": N_("Online"),
}
TRANSLATED_PLATFORMS = frozenset({"phone", "forum", "other"})


def platform_label(value: str, gettext: Callable[[str], str]) -> str:
    """An online platform's name in a language (a brand name as it is)."""
    name = PLATFORMS.get(value, PLATFORMS["other"])
    return gettext(name) if value not in PLATFORMS or value in TRANSLATED_PLATFORMS else name


def translated(field: str, gettext: Callable[[str], str]) -> dict[str, str]:
    """Every value of a field with its label in a language."""
    if field == "platform":
        return {value: platform_label(value, gettext) for value in PLATFORMS}
    return {value: gettext(label) for value, label in LABELS[field].items()}
