"""The labels of the model's fixed values (facilitation, attendance, cost, ...), one table for every reader.

The strings are English msgids, translated through the site's catalogues; most are the labels the pages
show (theme/templates/partials/labels.html), so the wizard and the form speak as the site does.
"""

from __future__ import annotations

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
