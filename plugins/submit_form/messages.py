"""Every message the form's JavaScript shows, as gettext message ids; the page carries their translations.

`VALIDATOR` repeats, word for word, the validator's own messages (directory/model.py, checks.py and
reader.py; a test checks they are still there), so the form says what `invoke validate` would say and the
catalogue's translations serve both. `FORM` words a few of the same problems for a form instead of a
file ("tick the box" rather than "add skip_short_months: true"), and `UI` holds the form's other texts.
"""

from __future__ import annotations

import re

from directory.problems import N_, NP_, Template

# Phone numbers, times, dates, links and e-mail addresses inside a message: kept left to right, whole, in a
# Hebrew or Arabic sentence (theme/static/js/submit/form.js has the same pattern).
LTR_RUN = re.compile(
    r"""(https?://[^\s'"”]+|www\.[^\s'"”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d\u00a0 ().:/\u2013-]*\d)"""
)


def isolate_text(text: str) -> str:
    """`text` with every such run between Unicode's left-to-right isolate and its end (U+2066, U+2069)."""
    return LTR_RUN.sub(lambda run: f"\u2066{run.group(0)}\u2069", text)


VALIDATOR: dict[str, Template] = {
    # Single values (checks.py and model.py).
    "phone_parse": N_(
        "'%(value)s' is not a phone number — write it as it is dialled, e.g. 04-555-0101 or +972 4-555-0101"
    ),
    "phone_invalid": N_(
        "'%(value)s' is not a valid phone number — check the digits; write it as it is dialled, e.g. 04-555-0101 or +972 4-555-0101"
    ),
    "phone_extension": N_(
        "'%(value)s' has an extension (%(extension)s), which a visitor's phone cannot dial from the listing — give a number that reaches the group directly"
    ),
    "phone_letters": N_("'%(value)s' has letters in it — write the number in digits only, e.g. 04-555-0101"),
    "phone_premium": N_(
        "'%(value)s' is a premium-rate number, which costs the caller extra — give an ordinary or toll-free number"
    ),
    "phone_type": N_(
        "'%(value)s' is not a number a visitor can call the group on (a pager, voicemail or personal forwarding number) — give a landline, mobile or toll-free number"
    ),
    "email": N_("'%(value)s' is not an e-mail address — write it as name@example.org"),
    "url_scheme": N_("'%(value)s' must start with %(schemes)s — other kinds of links are not allowed"),
    "url_credentials": N_("the address contains a user name or password — remove the part before @"),
    "url": N_("'%(value)s' is not a web address — copy it from the browser's address bar"),
    "end_at_start": N_(
        "the meeting ends at %(end)s, the time it starts — give the time it ends (an earlier time means the next day), or leave the end out"
    ),
    "too_long": NP_(
        "the %(lang)s text has %(num)s character — shorten it to %(max)s",
        "the %(lang)s text has %(num)s characters — shorten it to %(max)s",
    ),
    "line_break": N_("must be one line — remove the line break"),
    "invisible_line": N_(
        "has an invisible or direction-control character (%(code)s %(char_name)s) at character %(index)s — delete it and type the text again"
    ),
    "invisible_text": N_(
        "has an invisible or direction-control character (%(code)s %(char_name)s) on line %(line)s of the text — delete it"
    ),
    "empty_text": N_("the %(lang)s text is empty — fill it in or remove the line"),
    "unknown_language": N_("'%(lang)s' is not a language of this site — use %(languages)s"),
    "no_language": N_("has no text — give it in at least one language, e.g. he: ..."),
    "listed_twice": N_("'%(key)s' is listed twice — list it once"),
    "future_date": N_("%(value)s is in the future — give the date the details were last confirmed"),
    "timezone": N_("'%(value)s' is not a time zone — use an IANA name, e.g. Asia/Jerusalem"),
    "future_listed": N_("%(value)s is in the future — give the date the group was first listed"),
    "date_window": N_(
        "%(value)s is outside the dates a group file may hold — give a date between %(first)s and %(last)s"
    ),
    "course_length": N_("a course runs at most two years — for a group that goes on, use repeat: weekly"),
    "markdown_nesting": NP_(
        "the %(lang)s text puts lists or quotes %(num)s level deep — use at most %(max)s (fewer indents or > signs)",
        "the %(lang)s text puts lists or quotes %(num)s levels deep — use at most %(max)s (fewer indents or > signs)",
    ),
    "markdown_brackets": NP_(
        "the %(lang)s text has %(num)s [ bracket — use at most %(max)s (links are written [text](address))",
        "the %(lang)s text has %(num)s [ brackets — use at most %(max)s (links are written [text](address))",
    ),
    "geo_bounds": N_(
        "[%(lat)s, %(lon)s] is outside the area this directory covers — write [latitude, longitude], e.g. [32.794, 34.989]"
    ),
    "vocabulary": N_("'%(key)s' is not in the list of %(vocabulary)s — use one of: %(choices)s"),
    # Rules between fields (model.py).
    "monthly_rule": N_(
        "a monthly meeting needs either weeks and days (e.g. weeks: [1, 3] and days: [tue]) or day_of_month — give one of them"
    ),
    "monthly_both": N_("a monthly meeting by weekday needs both weeks and days — add the missing one"),
    "short_months": N_("some months have no such day — add skip_short_months: true to say the meeting is skipped then"),
    "dates_order": N_("last_date is before first_date — check both dates"),
    "no_contact": N_("gives no way to reach the group — add a phone, whatsapp, email or website"),
    "needs_location": N_("a group that meets in person needs a location — add location: with at least city:"),
    "needs_online": N_("a group that meets online needs an online section — add online: with its platform:"),
    "paused_until": N_("is set but status is not paused — set status: paused or remove this line"),
    "forming_looking_for": N_(
        "a group being founded says whom it looks for — add looking_for: [members] or [members, co-facilitator]"
    ),
    "forming_only": N_("is only for a group being founded — set status: forming or remove this line"),
    # The JSON Schema's keywords, as the reader explains pydantic's errors (reader.py).
    "missing": N_("is missing — add it"),
    "bool_type": N_("must be true or false"),
    "int_type": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "string_type": N_("must be text"),
    "list_type": N_("must be a list, e.g. [one, two]"),
    "model_type": N_("must be a group of field: value lines below it"),
    "date": N_("'%(value)s' is not a date — write it as YYYY-MM-DD, e.g. 2026-10-15"),
    "time": N_("'%(value)s' is not a time — write it in quotes as HH:MM, e.g. \"18:30\""),
    "ge": N_("must be at least %(ge)s"),
    "le": N_("must be at most %(le)s"),
    "string_too_long": N_("is too long — shorten it to %(max_length)s characters"),
    "too_many": N_("has too many items — at most %(max_length)s"),
    "too_short": N_("is empty — add at least one"),
    "pattern": N_(
        "'%(value)s' is not in the right form — use lower-case letters, digits and dashes, e.g. hearing-voices"
    ),
    "language_pattern": N_("'%(value)s' is not a language code — use two letters such as he, ar, en, ru or am"),
    "literal": N_("'%(value)s' is not allowed here — use one of: %(expected)s"),
    "union_tag_invalid": N_("'%(value)s' is not a kind of meeting — use one of: %(expected)s"),
    "union_tag_not_found": N_("needs repeat: — one of: %(expected)s"),
    "extra": N_("is not a field of a group file — check the spelling or remove it"),
}

FORM: dict[str, str] = {
    "required_text": N_("Fill this in."),
    "required_text_map": N_("Fill this in, in at least one of the listing’s languages."),
    "required_choice": N_("Choose one."),
    "required_multi": N_("Choose at least one."),
    "required_date": N_("Give the date."),
    "required_time": N_("Give the time the meeting starts."),
    "required_slug": N_("Give the page an address."),
    "monthly_rule": N_("Choose the weeks and the days of the month, or a date of the month."),
    "monthly_both": N_("Choose both the weeks of the month and the days."),
    "short_months": N_("Some months have no such day: tick “Skip the months that have no such day”."),
    "dates_order": N_("The last date is before the first date — check both dates."),
    "no_contact": N_("Give at least one way to reach the group: a phone, WhatsApp, e-mail or website."),
    "needs_location": N_("Choose the city where the group meets."),
    "needs_online": N_("Choose how people join online."),
    "paused_until": N_("A return date can be given only when the group is paused."),
    "forming_looking_for": N_("Choose whom the new group is looking for."),
    "forming_only": N_("This can be given only for a group being founded."),
    "slug_taken": N_(
        "A group with this address is already listed. Choose another address, or update that group from its page."
    ),
    "not_a_number": N_("Write a number, e.g. 32.794."),
    "geo_pair": N_("Give both the latitude and the longitude, or leave both empty."),
    "no_listing_language": N_("Choose at least one language for the listing."),
    "time_unfinished": N_("The time is not complete — finish it, e.g. 18:30, or clear it."),
    "date_unfinished": N_("The date is not complete — finish it or clear it."),
    "language_pattern": N_("“%(value)s” is not a language this form knows — write its name, e.g. Tigrinya."),
}

UI: dict[str, Template] = {
    "summary_title": N_("Some details need your attention before the listing can be sent:"),
    "meeting_legend": N_("Meeting time %(num)s"),
    "ready_new": N_("The listing is ready. Choose how to send it."),
    "ready_edit": N_("The update is ready. Choose how to send it."),
    "copied": N_("Copied. You can paste it now."),
    "copy_failed": N_("Copying did not work in this browser: select the text below and copy it yourself."),
    "draft_restored": N_("Your unsent draft from this device was filled in. “Clear the form” starts again."),
    "draft_cleared": N_("The form was cleared, and the draft was removed from this device."),
    "draft_sent": N_("The draft was removed from this device. Thank you for sending the listing."),
    # Counted by the limit: "12 of 120 characters".
    "characters": NP_("%(count)s of %(num)s character", "%(count)s of %(num)s characters"),
    "confirm_loaded": N_(
        "These are the current details of “%(name)s”, with today as the day they were confirmed. If they are still correct, send the confirmation below; if not, change what needs changing first."
    ),
    "email_subject_confirm": N_("Details still correct: %(name)s"),
    "edit_loading": N_("Loading the group’s current details…"),
    "edit_loaded": N_(
        "The form shows the current details of “%(name)s”. Change what needs changing, then send the update."
    ),
    "edit_failed": N_(
        "The group’s details could not be loaded. Fill in the form yourself, or use the GitHub link on the group’s page."
    ),
    "preview_empty": N_("The preview appears here as you fill in the form."),
    "email_subject_new": N_("New group for the directory: %(name)s"),
    "email_subject_edit": N_("Update for the directory: %(name)s"),
    "email_body": N_(
        "Hello, here is the group file for the directory, prepared with the form on the site. Please review it."
    ),
    "zone_time": N_("(%(zone)s time)"),
    "past_midnight": N_("(ends after midnight)"),
    "preview_when": N_("When"),
    "preview_where": N_("Where"),
    "preview_contact": N_("How to reach the group"),
    "preview_about": N_("About the group"),
    "preview_for": N_("Who it is for"),
    "preview_online": N_("Online"),
    "preview_languages": N_("Meeting languages"),
    "preview_facilitators": N_("Facilitators"),
    "preview_organisation": N_("Organisation"),
    "preview_cost": N_("Cost"),
    "preview_wheelchair_yes": N_("The venue is wheelchair accessible."),
    "preview_wheelchair_no": N_("The venue is not wheelchair accessible."),
    "call": N_("Call"),
    "whatsapp": N_("WhatsApp"),
    "email_label": N_("Email"),
    "website": N_("Website"),
    "contact_person": N_("Contact:"),
    "paused_until_date": N_("Meetings are paused until %(date)s."),
    "paused": N_("Meetings are paused for now."),
    "forming": N_("A new group being founded. The dates are not set yet."),
    "forming_planned": N_("A new group being founded. The meetings are planned to start on %(date)s."),
    "ended": N_("This group no longer meets."),
    "every": N_("Every %(days)s"),
    "every_other": N_("Every other %(days)s, starting %(date)s"),
    "monthly_day": N_("Every month on day %(day)s"),
    "monthly_weekday": N_("Every month on the %(ordinals)s %(days)s"),
    "cohort": N_("%(days)s, from %(first)s to %(last)s"),
    "by_arrangement": N_("By arrangement"),
    "ongoing": N_("Ongoing, at any time (asynchronous)"),
    "first": N_("first"),
    "second": N_("second"),
    "third": N_("third"),
    "fourth": N_("fourth"),
    "fifth": N_("fifth"),
    "last": N_("last"),
}
