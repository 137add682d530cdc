"""`invoke new-group`: the wizard, driven by a script of answers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from commands.fmt import is_canonical
from commands.wizard import run
from directory.files.canonical import dump_group
from directory.files.reader import load_document, read_group, read_taxonomy
from directory.settings import reader_context
from tests.conftest import LANGUAGES, ROOT, SETTINGS

TODAY = dt.date(2026, 11, 1)

# (prompt fragment, answer): every question the wizard asks, in order; a wrong answer is followed by the
# same question again.
SCRIPT = [
    ("Language of the questions", "fr"),  # not a site language
    ("Language of the questions", "en"),
    ("Slug", "Bad Slug"),  # not a slug
    ("Slug", "existing-group"),  # the file exists
    ("Slug", "haifa-test-group"),
    ("Languages of the listing", "he, fr"),  # not a site language
    ("Languages of the listing", "he, ar, en"),
    ("Name in Hebrew", "קבוצת בדיקה"),
    ("Name in Arabic", ""),
    ("Name in English", "x" * 130),  # too long
    ("Name in English", "Haifa Test Group"),
    ("Summary (one sentence) in Hebrew", ""),
    ("Summary (one sentence) in Arabic", ""),
    ("Summary (one sentence) in English", ""),  # none at all: asked again
    ("Summary (one sentence) in Hebrew", "מפגש פתוח: שיתוף והקשבה."),
    ("Summary (one sentence) in Arabic", ""),
    ("Summary (one sentence) in English", "An open circle: share, or just listen."),
    ("|", "שורה ראשונה"),  # description, he
    ("|", "."),
    ("|", "- שורה שנייה"),
    ("|", ""),
    ("|", ""),  # description, ar: skipped
    ("|", "First line."),  # description, en
    ("|", "  - an indented item"),
    ("|", ""),
    ("Topics", "hearing-voice"),  # not a topic key
    ("Topics", "hearing-voices, mental-health"),
    ("Audience", ""),
    ("Facilitation", "peers"),  # not a choice
    ("Facilitation", "peer"),
    ("|", ""),  # facilitator, he
    ("|", ""),  # facilitator, ar
    ("|", "Two trained peers."),  # facilitator, en
    ("|", ""),
    ("Organization in Hebrew", ""),
    ("Organization in Arabic", ""),
    ("Organization in English", ""),
    ("Languages spoken", "he, ar, he"),  # listed twice
    ("Languages spoken", "he, ar"),
    ("Attendance", "hybrid"),
    ("Membership", "open"),
    ("Cost", "donation"),
    ("Cost note", ""),
    ("Cost note", ""),
    ("Cost note", "Give what you can."),
    ("How often", "weekly"),
    ("Days", "tue, tuesday"),  # not a weekday
    ("Days", "tue"),
    ("Start time", "6pm"),  # not a time
    ("Start time", "18:00"),
    ("End time", "18:00"),  # the time it starts (an earlier time would be the next day)
    ("End time", "19:30"),
    ("Time zone", ""),
    ("Add another meeting pattern", "y"),
    ("How often", "monthly"),
    ("By weekday", "w"),
    ("Weeks of the month", "5"),
    ("Days", "sun"),
    ("Some months have no such day", "n"),  # accepted here, refused with the whole meeting
    ("Start time", "10:00"),
    ("End time", ""),
    ("Time zone", ""),
    ("How often", "monthly"),  # the meeting pattern again
    ("By weekday", "d"),
    ("Day of the month", "15"),
    ("Start time", "10:00"),
    ("End time", ""),
    ("Time zone", ""),
    ("Add another meeting pattern", "maybe"),  # not y or n
    ("Add another meeting pattern", "n"),
    ("City", "hifa"),  # not a city key
    ("City", "haifa"),
    ("Venue in Hebrew", "בית הקהילה"),
    ("Venue in Arabic", ""),
    ("Venue in English", "Community House, 2nd floor"),
    ("Address in Hebrew", ""),
    ("Address in Arabic", ""),
    ("Address in English", ""),
    ("|", ""),  # directions, he
    ("|", ""),  # directions, ar
    ("|", ""),  # directions, en
    ("Map position", "north"),  # not two numbers
    ("Map position", "32.8156, 34.9892"),
    ("Wheelchair accessible", "y"),
    ("Platform", "zoom"),
    ("Join link", "http://example.org/join"),  # not https
    ("Join link", ""),
    ("|", ""),  # online note, he
    ("|", ""),  # online note, ar
    ("|", "The link is sent after you call."),  # online note, en
    ("|", ""),
    ("Phone", ""),
    ("WhatsApp", ""),
    ("E-mail", ""),
    ("Website", ""),
    ("Contact person (first name or role only) in Hebrew", ""),
    ("Contact person (first name or role only) in Arabic", ""),
    ("Contact person (first name or role only) in English", ""),  # no way to reach the group: again
    ("Phone", "not a phone"),
    ("Phone", "04-555-0101"),
    ("WhatsApp", ""),
    ("E-mail", "test@example.org"),
    ("Website", ""),
    ("Contact person (first name or role only) in Hebrew", ""),
    ("Contact person (first name or role only) in Arabic", ""),
    ("Contact person (first name or role only) in English", "Dana"),
    ("Verified on", "2027-01-01"),  # in the future
    ("Verified on", ""),  # today
    ("Status", ""),  # active
    ("Write it (y)", "maybe"),  # not an answer
    ("Write it (y)", ""),  # yes
]


# An online course that is paused: cohort and by-arrangement meetings, no location.
ONLINE_SCRIPT = [
    ("Language of the questions", ""),  # English by default
    ("Slug", "online-test-course"),
    ("Languages of the listing", "he, ar, en"),
    ("Name in Hebrew", ""),
    ("Name in Arabic", "دورة تجريبية"),
    ("Name in English", ""),
    ("Summary (one sentence) in Hebrew", ""),
    ("Summary (one sentence) in Arabic", ""),
    ("Summary (one sentence) in English", "A course."),
    *[("|", "")] * 3,  # no description
    ("Topics", "depression-anxiety"),
    ("Audience", "young-adults, youngadults"),  # not an audience key
    ("Audience", "young-adults"),
    ("Facilitation", "professional"),
    *[("|", "")] * 3,  # no facilitator
    *[("Organization", "")] * 3,
    ("Languages spoken", "ar"),
    ("Attendance", "online"),
    ("Membership", "registration"),
    ("Cost", "free"),  # no cost note asked
    ("How often", "cohort"),
    ("Days", "sun"),
    ("First meeting date", "2026-11-01"),
    ("Last meeting date", "2026-10-01"),  # before the first: found with the whole meeting
    ("Number of sessions", "twelve"),  # not a number
    ("Number of sessions", "12"),
    ("Start time", "17:00"),
    ("End time", ""),
    ("Time zone", "Europe/Londn"),  # no such zone
    ("Time zone", "Europe/London"),
    ("How often", "cohort"),  # the meeting pattern again
    ("Days", "sun"),
    ("First meeting date", "2026-11-01"),
    ("Last meeting date", "2027-01-24"),
    ("Number of sessions", ""),
    ("Start time", "17:00"),
    ("End time", "18:30"),
    ("Time zone", ""),
    ("Add another meeting pattern", "y"),
    ("How often", "by-arrangement"),
    ("|", ""),
    ("|", ""),
    ("|", "Call to arrange an extra meeting."),
    ("|", ""),
    ("Add another meeting pattern", ""),  # no by default
    ("Platform", "whatsapp"),
    ("Join link", "https://chat.example.org/join"),
    *[("|", "")] * 3,  # no note
    ("Phone", ""),
    ("WhatsApp", "050-555-0123"),
    ("E-mail", ""),
    ("Website", "https://example.org"),
    *[("Contact person", "")] * 3,
    ("Verified on", "2026-10-30"),
    ("Status", "paused"),
    ("Paused until", "2027-01-10"),
    ("Write it (y)", "y"),
]


# An in-person group, asked in Hebrew: (fragment of the Hebrew question, answer).
HEBREW_SCRIPT = [
    ("שפת השאלות", "he"),
    ("שם הקובץ (slug)", "Bad Slug"),
    ("שם הקובץ (slug)", "haifa-test-group"),
    ("שפות הטקסטים של הרישום", "he, ar, en"),
    ("שם בעברית (he)", "קבוצת בדיקה"),
    ("שם בערבית (ar)", ""),
    ("שם באנגלית (en)", ""),
    ("תקציר (משפט אחד) בעברית", "מפגש פתוח: שיתוף והקשבה."),
    ("תקציר (משפט אחד) בערבית", ""),
    ("תקציר (משפט אחד) באנגלית", ""),
    *[("|", "")] * 3,  # no description
    ("נושאים", "hearing-voices"),
    ("למי מיועדת", ""),
    ("הנחיה", "peer"),
    *[("|", "")] * 3,  # no facilitator
    *[("ארגון ב", "")] * 3,
    ("השפות המדוברות במפגשים", "he"),
    ("אופן ההשתתפות", "in-person"),
    ("הצטרפות", "open"),
    ("עלות", "free"),
    ("באיזו תדירות הקבוצה נפגשת", "weekly"),
    ("ימים (מופרדים בפסיקים: mon, tue", "tue"),
    ("שעת התחלה", "18:00"),
    ("שעת סיום", ""),
    ("אזור זמן", "Europe/Londn"),  # no such zone
    ("אזור זמן", ""),
    ("להוסיף עוד מועד מפגשים", "אולי"),  # not y or n
    ("להוסיף עוד מועד מפגשים", "n"),
    ("עיר (מפתח מהרשימה)", "haifa"),
    *[("מקום המפגש ב", "")] * 3,
    *[("כתובת ב", "")] * 3,
    *[("|", "")] * 3,  # no directions
    ("מיקום במפה", ""),
    ("נגיש לכיסאות גלגלים", ""),
    ("טלפון", "04-555-0101"),
    ("מספר וואטסאפ", ""),
    ("דוא״ל", ""),
    ("אתר", ""),
    *[("איש/אשת קשר", "")] * 3,
    ("הפרטים אומתו בתאריך", ""),
    ("מצב הקבוצה (active, paused, ended, forming) [active]", ""),
    ("לכתוב את הקובץ (y)", "y"),
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "groups").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "taxonomy.yaml", folder / "taxonomy.yaml")
    (folder / "groups" / "existing-group.yaml").write_text("# someone else's group\n", encoding="utf-8")
    return folder


@pytest.fixture
def settings(translations_path: Path) -> dict:
    """The default settings with the catalogues compiled from the .po files (see conftest.py)."""
    return {**SETTINGS, "GROUPS_TRANSLATIONS_PATH": str(translations_path)}


@pytest.fixture(scope="module")
def context() -> dict:
    taxonomy, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    return reader_context(SETTINGS, taxonomy, TODAY)


class Script:
    """Answers the wizard's questions from SCRIPT, checking each question is the one expected.

    With `stop`, the first question after the script ends the run, as Ctrl-D does (EOFError).
    """

    def __init__(self, script: list[tuple[str, str]], on_prompt=None, stop: bool = False) -> None:
        self.script = list(script)
        self.said: list[str] = []
        self.asked: list[str] = []
        self.on_prompt = on_prompt
        self.stop = stop

    def ask(self, prompt: str) -> str:
        if self.stop and not self.script:
            raise EOFError
        assert self.script, f"unexpected question: {prompt!r}"
        self.asked.append(prompt)
        expected, answer = self.script.pop(0)
        assert expected in prompt or expected in self.said[-1], (expected, prompt)
        if self.on_prompt:
            self.on_prompt(prompt)
        return answer

    def say(self, text: str) -> None:
        self.said.append(text)


def test_wizard_writes_a_valid_canonical_file(content, settings, context):
    script = Script(SCRIPT)
    path = run(content, settings, ask=script.ask, say=script.say, today=TODAY)

    assert script.script == [], "questions left unasked"
    assert path == content / "groups" / "haifa-test-group.yaml"
    group, problems = read_group(path, context)
    assert problems == []
    data = load_document(path).data
    assert path.read_text(encoding="utf-8") == dump_group(data, LANGUAGES)
    assert is_canonical(path)

    assert group.name.get("en") == "Haifa Test Group"
    assert data["description"] == {"he": "שורה ראשונה\n\n- שורה שנייה", "en": "First line.\n  - an indented item"}
    assert data["schedule"] == [
        {"repeat": "weekly", "days": ["tue"], "start": "18:00", "end": "19:30"},
        {"repeat": "monthly", "day_of_month": 15, "start": "10:00"},
    ]
    assert data["location"] == {
        "city": "haifa",
        "venue": {"he": "בית הקהילה", "en": "Community House, 2nd floor"},
        "geo": [32.8156, 34.9892],
        "wheelchair_accessible": True,
    }
    assert data["contact"] == {"phone": "04-555-0101", "email": "test@example.org", "name": {"en": "Dana"}}
    assert data["verified"] == "2026-11-01"
    assert data["status"] == "active"
    assert "audience" not in data and "organization" not in data and "cost_note" in data


def test_wrong_answers_are_explained(content, settings):
    script = Script(SCRIPT)
    run(content, settings, ask=script.ask, say=script.say, today=TODAY)
    said = "\n".join(script.said)
    for fragment in (
        "'fr' is not a site language",
        "lower-case letters, digits and single dashes",
        "existing-group.yaml already exists",
        "shorten it to 120",
        "give the text in at least one language",
        "did you mean hearing-voices?",
        "'peers' is not allowed here",
        "'he' is listed twice",
        "'6pm' is not a time",
        "the meeting ends at 18:00, the time it starts",
        "skip_short_months: true",
        "Let's take this meeting pattern again.",
        "answer y (yes) or n (no)",
        "did you mean haifa?",
        "give latitude, longitude",
        "gives no way to reach the group",
        "is in the future",
        "Wrote ",
    ):
        assert fragment in said, fragment


def test_the_first_question_is_in_every_site_language(content, settings):
    script = Script(SCRIPT[:3], stop=True)
    with pytest.raises(EOFError):
        run(content, settings, ask=script.ask, say=script.say, today=TODAY)
    codes = ", ".join(LANGUAGES)
    assert script.asked[0].startswith("Language of the questions / שפת השאלות / لغة الأسئلة")
    assert script.asked[0].endswith(f" ({codes}) [en]: ")
    assert f"  ! 'fr' ليست من لغات الموقع؛ اختاروا واحدة من: {codes}" in script.said


def test_questions_in_hebrew(content, settings, context):
    script = Script(HEBREW_SCRIPT)
    path = run(content, settings, ask=script.ask, say=script.say, today=TODAY)
    assert script.script == [], "questions left unasked"
    assert read_group(path, context)[1] == []
    assert load_document(path).data["schedule"] == [{"repeat": "weekly", "days": ["tue"], "start": "18:00"}]

    asked = "\n".join(script.asked)
    for question in (
        "שם הקובץ (slug), למשל haifa-hearing-voices: ",
        "שם בעברית (he), ריק לדילוג: ",
        "תקציר (משפט אחד) באנגלית (en), ריק לדילוג: ",
        "נושאים (מפתחות מופרדים בפסיקים): ",
        "הנחיה (peer, professional, co-facilitated): ",
        "באיזו תדירות הקבוצה נפגשת (weekly, biweekly, monthly, cohort, by-arrangement, ongoing): ",
        "שעת התחלה (HH:MM, בשעון 24 שעות): ",
        "אזור זמן, ריק לברירת המחדל Asia/Jerusalem: ",
        "להוסיף עוד מועד מפגשים? (y/n) [n]: ",
        "נגיש לכיסאות גלגלים? (y/n), ריק אם לא ידוע: ",
        "הפרטים אומתו בתאריך (YYYY-MM-DD) [2026-11-01]: ",
    ):
        assert question in asked, question
    assert not any("Name" in prompt or "empty" in prompt for prompt in script.asked)
    for line in (
        "תיאור בעברית (he): אפשר לכתוב כמה שורות; שורה שיש בה רק . פותחת פסקה חדשה.",
        "  hearing-voices: שמיעת קולות",  # taxonomy labels
        "  peer: בהנחיית עמיתים",  # labels of the model's values
        "  in-person: פנים אל פנים",
        "  weekly: כל שבוע",
        "  ! יש להשתמש באותיות אנגליות קטנות, בספרות ובמקפים בודדים, למשל haifa-hearing-voices",
        "  ! 'Europe/Londn' אינו אזור זמן — יש להשתמש בשם מרשימת IANA, למשל Asia/Jerusalem",  # the model's
        "  ! יש לענות y (כן) או n (לא)",  # the wizard's own check
        "ערים:",
        f"הקובץ {path} נכתב. לבדיקה: .venv/bin/invoke validate --paths {path} --lang he",
    ):
        assert line in script.said, line
    assert "  ! use lower-case letters, digits and single dashes, e.g. haifa-hearing-voices" not in script.said


def test_questions_in_arabic(content, settings):
    script = Script(
        [
            ("Language", "ar"),
            ("اسم الملف (slug)، مثلًا haifa-hearing-voices: ", "existing-group"),
            ("اسم الملف", "haifa-test-group"),
            ("لغات نصوص الإدراج", "he, ar, en"),
            ("الاسم بالعبرية (he)، اتركوه فارغًا للتخطي: ", ""),
            ("الاسم بالعربية (ar)", ""),
            ("الاسم بالإنجليزية (en)", ""),
        ],
        stop=True,
    )
    with pytest.raises(EOFError):
        run(content, settings, ask=script.ask, say=script.say, today=TODAY)
    existing = content / "groups" / "existing-group.yaml"
    assert f"  ! {existing} موجود مسبقًا؛ اختاروا اسم ملف آخر (أو عدّلوا ذلك الملف)" in script.said
    assert script.said[-1] == "  ! الاسم: أدخلوا النص بلغة واحدة على الأقل"


def test_refuses_to_overwrite_a_file_written_meanwhile(content, settings):
    target = content / "groups" / "haifa-test-group.yaml"

    def meanwhile(prompt: str) -> None:
        if prompt.startswith("Status"):
            target.write_text("# written by someone else\n", encoding="utf-8")

    script = Script(SCRIPT, on_prompt=meanwhile)
    assert run(content, settings, ask=script.ask, say=script.say, today=TODAY) is None
    assert target.read_text(encoding="utf-8") == "# written by someone else\n"
    assert any("it was not overwritten" in text for text in script.said)
    assert (content / "groups" / "existing-group.yaml").read_text(encoding="utf-8") == "# someone else's group\n"


def test_online_paused_course(content, settings, context):
    script = Script(ONLINE_SCRIPT)
    path = run(content, settings, ask=script.ask, say=script.say, today=TODAY)
    assert script.script == [], "questions left unasked"
    assert read_group(path, context)[1] == []
    data = load_document(path).data
    assert path.read_text(encoding="utf-8") == dump_group(data, LANGUAGES)
    assert data["schedule"] == [
        {
            "repeat": "cohort",
            "days": ["sun"],
            "first_date": "2026-11-01",
            "last_date": "2027-01-24",
            "start": "17:00",
            "end": "18:30",
        },
        {"repeat": "by-arrangement", "note": {"en": "Call to arrange an extra meeting."}},
    ]
    assert "location" not in data and "cost_note" not in data
    assert data["online"] == {"platform": "whatsapp", "join_url": "https://chat.example.org/join"}
    assert (data["status"], data["paused_until"]) == ("paused", "2027-01-10")
    said = "\n".join(script.said)
    for fragment in ("did you mean young-adults?", "whole number", "is not a time zone", "last_date is before"):
        assert fragment in said, fragment


# Texts in Hebrew only; labels instead of keys; times as people type them; a change at the review step.
HEBREW_ONLY_SCRIPT = [
    ("Language of the questions", "en"),
    ("Slug", "haifa-hebrew-only"),
    ("Languages of the listing", "he"),
    ("Name in Hebrew", "קבוצה בעברית בלבד"),
    ("Summary (one sentence) in Hebrew", "מפגש פתוח."),
    ("|", ""),  # description, he only
    ("Topics", "שמיעת קולות, Mental health"),  # labels, in Hebrew and English
    ("Audience", ""),
    ("Facilitation", "peer"),
    ("|", ""),
    ("Organization in Hebrew", ""),
    ("Languages spoken", "he"),
    ("Attendance", "in-person"),
    ("Membership", "open"),
    ("Cost", "free"),
    ("How often", "weekly"),
    ("Days", "tue"),
    ("Start time", "1830"),
    ("End time", "20.00"),
    ("Time zone", ""),
    ("Add another meeting pattern", "n"),
    ("City", "mental"),  # not a city: the hint lists cities, never topics
    ("City", "חיפה"),  # a city's label
    ("Venue in Hebrew", ""),
    ("Address in Hebrew", ""),
    ("|", ""),
    ("Map position", ""),
    ("Wheelchair accessible", ""),
    ("Phone", "04-555-0101"),
    ("WhatsApp", ""),
    ("E-mail", ""),
    ("Website", ""),
    ("Contact person (first name or role only) in Hebrew", ""),
    ("Verified on", ""),
    ("Status", ""),
    ("Write it (y)", "contact"),  # back to a part
    ("Phone", ""),
    ("WhatsApp", ""),
    ("E-mail", "group@example.org"),
    ("Website", ""),
    ("Contact person (first name or role only) in Hebrew", "רכזת"),
    ("Write it (y)", "y"),
]


def test_texts_only_in_the_listing_languages_labels_times_and_a_review(content, settings, context):
    script = Script(HEBREW_ONLY_SCRIPT)
    path = run(content, settings, ask=script.ask, say=script.say, today=TODAY)
    assert script.script == [], "questions left unasked"
    assert not any("Arabic" in prompt or "English" in prompt for prompt in script.asked[3:])
    assert read_group(path, context)[1] == []
    data = load_document(path).data
    assert data["topics"] == ["hearing-voices", "mental-health"]
    assert data["location"] == {"city": "haifa"}
    assert data["schedule"][0]["start"] == "18:30" and data["schedule"][0]["end"] == "20:00"
    assert data["contact"] == {"email": "group@example.org", "name": {"he": "רכזת"}}
    said = "\n".join(script.said)
    assert "The file haifa-hebrew-only.yaml will be:" in said and 'phone: "04-555-0101"' in said
    city_warning = next(line for line in script.said if "'mental'" in line)
    assert "list of cities" in city_warning and "haifa" in city_warning and "mental-health" not in city_warning


def test_stopping_at_the_review_writes_nothing(content, settings):
    script = Script([*HEBREW_ONLY_SCRIPT[:-7], ("Write it (y)", "n")])
    assert run(content, settings, ask=script.ask, say=script.say, today=TODAY) is None
    assert not (content / "groups" / "haifa-hebrew-only.yaml").exists()
    assert script.said[-1] == "Nothing was written."


def test_a_group_being_founded_without_set_times(content, settings, context):
    """Status forming asks whom the group looks for, its planned start and how to take part; the times may be dropped."""
    before, after = ONLINE_SCRIPT[: ONLINE_SCRIPT.index(("Status", "paused"))], ONLINE_SCRIPT[-1:]
    script = Script(
        [
            *[(q, "online-test-forming" if q == "Slug" else a) for q, a in before],
            ("Status", "forming"),
            ("Looking for", "members, friends"),  # not a choice
            ("Looking for", "members, co-facilitator"),
            ("Planned first meeting", "2027-02-30"),  # no such day
            ("Planned first meeting", "2027-02-01"),
            ("|", ""),
            ("|", ""),
            ("|", "Call for a short talk first."),
            ("|", ""),
            ("Are the day and time of the meetings set", "n"),
            *after,
        ]
    )
    path = run(content, settings, ask=script.ask, say=script.say, today=TODAY)
    assert script.script == [], "questions left unasked"
    assert read_group(path, context)[1] == []
    data = load_document(path).data
    assert path.read_text(encoding="utf-8") == dump_group(data, LANGUAGES)
    assert "schedule" not in data
    assert (data["status"], data["looking_for"], data["planned_start"]) == (
        "forming",
        ["members", "co-facilitator"],
        "2027-02-01",
    )
    assert data["how_to_join"] == {"en": "Call for a short talk first."}
    said = "\n".join(script.said)
    assert "'friends' is not allowed here" in said and "is not a date" in said
