"""The Group model: what a valid group is, independent of YAML."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from pydantic import ValidationError

from directory.model import Group, LocalizedText, Monthly, group_json_schema

VALID = {
    "name": {"he": "קבוצה", "en": "Group"},
    "summary": {"he": "תקציר"},
    "topics": ["bereavement"],
    "facilitation": "peer",
    "languages": ["he"],
    "attendance": "online",
    "membership": "open",
    "cost": "free",
    "schedule": [{"repeat": "weekly", "days": ["tue"], "start": "18:00", "end": "19:30"}],
    "online": {"platform": "zoom"},
    "contact": {"email": "a@example.org"},
    "verified": "2026-10-15",
}


def make(**changes) -> Group:
    data = copy.deepcopy(VALID)
    data.update(changes)
    return Group.model_validate(data)


def rendered(error: dict) -> str:
    """Our own errors keep %(name)s placeholders for translation; fill them as the reader does."""
    ctx = error.get("ctx") or {}
    return error["msg"] % ctx if "%(" in error["msg"] else error["msg"]


def errors(**changes) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as info:
        make(**changes)
    return [(e["loc"], rendered(e)) for e in info.value.errors()]


def test_valid_group():
    group = make()
    assert group.name.pick("ar", ("he",)) == ("קבוצה", "he")
    assert group.status == "active"


def test_group_is_frozen():
    with pytest.raises(ValidationError):
        make().cost = "fee"


def test_text_falls_back_in_order():
    text = LocalizedText({"ar": "نص", "en": "text"})
    assert text.pick("he", ("en", "ar")) == ("text", "en")
    assert text.pick("he", ()) == ("نص", "ar")


def test_localized_text_rejects_unknown_and_empty_languages():
    with pytest.raises(ValidationError, match="not a language of this site"):
        LocalizedText.model_validate({"fr": "x"}, context={"languages": ("he", "ar", "en")})
    with pytest.raises(ValidationError, match="empty"):
        LocalizedText.model_validate({"he": "  "})


def test_name_is_one_line_and_limited():
    assert "one line" in errors(name={"he": "a\nb"})[0][1]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in errors(name={"he": "abc\u202edef"})[0][1]
    assert "shorten it to 120" in errors(name={"he": "א" * 121})[0][1]


def test_in_person_needs_location_and_online_needs_online_section():
    assert (("attendance",), "a group that meets in person needs a location — add location: with at least city:") in (
        errors(attendance="in-person", online=None)
    )
    assert any("online section" in m for _, m in errors(online=None))


def test_contact_needs_one_way():
    assert any("no way to reach the group" in m for _, m in errors(contact={}))


def test_an_end_earlier_than_the_start_is_the_next_day():
    group = make(schedule=[{"repeat": "weekly", "days": ["sat"], "start": "23:30", "end": "00:30"}])
    meeting = group.schedule[0]
    assert meeting.ends_next_day
    start = dt.datetime(2026, 12, 5, 23, 30)
    assert meeting.end_after(start) == dt.datetime(2026, 12, 6, 0, 30)
    assert not make().schedule[0].ends_next_day


def test_an_end_at_the_start_is_refused():
    found = errors(schedule=[{"repeat": "weekly", "days": ["mon"], "start": "19:00", "end": "19:00"}])
    assert any("the time it starts" in m and "19:00" in m for _, m in found)


@pytest.mark.parametrize(
    ("phone", "kind"),
    [
        ("04-6555abc", "group_phone_letters"),  # phonenumbers would publish 04-6555222
        ("1-800-FLOWERS", "group_phone_letters"),  # vanity numbers are refused, not converted
        ("04-655-5010 ext. 12", "group_phone_extension"),
        ("04-655-5010#12", "group_phone_extension"),
        ("+1 900 555 0123", "group_phone_premium"),
        ("+44 7011 123456", "group_phone_type"),  # a UK "personal" (follow-me) number
        ("+44 7654 123456", "group_phone_type"),  # a UK pager
        ("++", "group_phone"),
    ],
)
def test_phone_numbers_a_visitor_should_not_call_are_refused(phone, kind):
    with pytest.raises(ValidationError) as info:
        make(contact={"phone": phone})
    (error,) = info.value.errors()
    assert error["type"] == kind
    assert error["ctx"]["value"] == f"\u2068{phone}\u2069"  # isolated, for Hebrew and Arabic messages


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("04-655-5010", "+97246555010"),  # fixed line
        ("052-555-0101", "+972525550101"),  # mobile
        ("1-800-200-300", "+9721800200300"),  # toll free
        ("1-700-500-500", "+9721700500500"),  # shared cost
        ("072-255-0101", "+972722550101"),  # VoIP
        ("+1 800 356 9377", "+18003569377"),
    ],
)
def test_phone_numbers_a_group_publishes_are_kept(phone, stored):
    assert make(contact={"phone": phone}).contact.phone == stored


@pytest.mark.parametrize("char", ["\u034f", "\u115f", "\u2064", "\ufe0f", "\U000e0041", "\u00ad", "\u2800", "\ue000"])
def test_invisible_characters_are_refused_in_names_by_their_unicode_properties(char):
    found = errors(name={"en": f"Gr{char}oup"})
    assert any(loc[0] == "name" and "invisible" in m for loc, m in found), found


def test_long_texts_keep_joiners_and_direction_marks_but_not_other_invisible_characters():
    kept = "\u05d0\u200f. \u0644\u200c\u0627 \U0001f469\u200d\U0001f467 \u2764\ufe0f"
    assert make(description={"he": kept}).description.get("he") == kept
    for char in ("\u034f", "\u00ad", "\u2066", "\ue000"):
        assert any("invisible" in m for _, m in errors(description={"he": f"a{char}b"})), char


def test_unknown_time_zone():
    bad = [{"repeat": "weekly", "days": ["mon"], "start": "19:00", "timezone": "Mars/Olympus"}]
    assert any("IANA" in m for _, m in errors(schedule=bad))


def test_monthly_rules():
    Monthly(repeat="monthly", weeks=[1, 3], days=["tue"], start="10:00")
    Monthly(repeat="monthly", day_of_month=15, start="10:00")
    with pytest.raises(ValidationError, match="skip_short_months"):
        Monthly(repeat="monthly", weeks=[5], days=["mon"], start="10:00")
    Monthly(repeat="monthly", weeks=[5], days=["mon"], start="10:00", skip_short_months=True)
    with pytest.raises(ValidationError, match="either"):
        Monthly(repeat="monthly", weeks=[1], days=["tue"], day_of_month=3, start="10:00")


def test_unknown_schedule_kind_names_the_choices():
    assert any("weekly" in m for _, m in errors(schedule=[{"repeat": "yearly"}]))


def test_paused_until_needs_paused_status():
    assert ("paused_until",) in [loc for loc, _ in errors(paused_until="2027-01-01")]
    assert make(status="paused", paused_until="2027-01-01").paused_until.year == 2027


def test_unknown_field_rejected():
    assert errors(colour="blue")[0][0] == ("colour",)


def test_schema_is_generated_from_model_without_slug():
    schema = group_json_schema()
    assert "slug" not in schema["properties"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"name", "summary", "topics", "contact", "verified"}
    # Every group needs a schedule except one being founded, which says whom it looks for instead.
    rule = schema["allOf"][0]
    assert rule["if"]["properties"]["status"] == {"const": "forming"}
    assert rule["then"]["required"] == ["looking_for"]
    assert rule["else"]["required"] == ["schedule"]


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [("18:00", "19:30", 90), ("23:30", "00:30", 60), ("22:00", "02:15", 255), ("09:00", None, None)],
)
def test_duration_counts_past_midnight(start, end, minutes):
    meeting = make(schedule=[{"repeat": "weekly", "days": ["mon"], "start": start, "end": end}]).schedule[0]
    assert (meeting.duration and meeting.duration.total_seconds() / 60) == minutes


FORMING = {"status": "forming", "looking_for": ["members", "co-facilitator"]}


def test_a_group_being_founded_may_have_no_schedule_yet():
    data = {key: value for key, value in VALID.items() if key != "schedule"}
    group = Group.model_validate({**data, **FORMING, "planned_start": "2027-03-01", "how_to_join": {"he": "כתבו"}})
    assert group.is_forming and group.schedule == []
    assert group.planned_start == dt.date(2027, 3, 1)
    # A planned schedule is kept too: the initiator may already know the day and the hour.
    assert make(**FORMING).schedule[0].days == ["tue"]


def test_other_groups_still_need_a_schedule():
    data = {key: value for key, value in VALID.items() if key != "schedule"}
    with pytest.raises(ValidationError) as info:
        Group.model_validate(data)
    assert [(e["loc"], e["type"]) for e in info.value.errors()] == [(("schedule",), "missing")]
    assert [loc for loc, _ in errors(schedule=[])] == [("schedule",)]


def test_forming_needs_whom_it_looks_for_and_its_fields_need_forming():
    assert [loc for loc, _ in errors(status="forming")] == [("status",)]
    found = errors(looking_for=["members"], planned_start="2027-03-01", how_to_join={"en": "Write to us"})
    assert [loc for loc, _ in found] == [("looking_for",), ("planned_start",), ("how_to_join",)]
    assert all("status: forming" in message for _, message in found)
    twice = errors(**FORMING | {"looking_for": ["members", "members"]})
    assert [(loc, "listed twice" in message) for loc, message in twice] == [(("looking_for",), True)]
