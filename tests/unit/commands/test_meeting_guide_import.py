"""`invoke import-meeting-guide` on real-world and hostile feeds: every meeting ends as a group file or a reported reason."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from invoke import MockContext

import tasks
from commands import meeting_guide_import
from commands.meeting_guide_import import DESCRIPTION_LENGTH, Publisher, main, read_feed
from directory.files.reader import MAX_FILE_BYTES, group_files, read_group, read_taxonomy
from directory.settings import reader_context
from tests.conftest import FIXTURES, LANGUAGES, ROOT, SETTINGS, build_site

INTERGROUP = FIXTURES / "meeting-guide" / "intergroup.json"
TODAY = dt.date(2026, 12, 1)
OFFICE = Publisher(email="office@intergroup.example.org")


@pytest.fixture(scope="module")
def taxonomy():
    found, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    return found


def feed() -> list[dict]:
    return json.loads(INTERGROUP.read_text(encoding="utf-8"))


def imported(tmp_path: Path, capsys, source: Path = INTERGROUP, **options) -> tuple[int, str, dict]:
    code = main(str(source), out=str(tmp_path), lang="en", today=TODAY, **options)
    report = capsys.readouterr().out
    context = reader_context(SETTINGS, read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)[0], TODAY)
    groups = {}
    for path in group_files(tmp_path):
        group, problems = read_group(path, context)
        assert [str(p) for p in problems if p.level == "error"] == [], path
        assert path.stat().st_size <= MAX_FILE_BYTES
        groups[path.stem] = group
    return code, report, groups


def meetings_in(groups: dict) -> int:
    """Meetings a week: each feed entry of the fixture is one weekly meeting."""
    return sum(len(m.days) for g in groups.values() for m in g.schedule)


def test_a_realistic_intergroup_feed_imports_every_meeting(tmp_path, capsys):
    """No per-meeting phone or e-mail, shared places, a meeting past midnight: all nine meetings written."""
    code, report, groups = imported(tmp_path, capsys, publisher=OFFICE)
    assert code == 0, report
    assert meetings_in(groups) == len(feed()) == 9
    assert "9 meeting(s) of the feed are in the group files" in report
    assert "wrote " + str(tmp_path / "night-owls.yaml") + " (2 meeting(s) of the feed)" in report
    assert sorted(groups) == [
        "big-book-study",
        "haifa-step-study",
        "jaffa-arabic",
        "jerusalem-womens-meeting",
        "night-owls",
        "saturday-morning-serenity",
        "tel-aviv-beginners",
    ]
    # Same name, same place, two slugs: one group meeting twice a week.
    beginners = groups["tel-aviv-beginners"]
    assert [(m.days, f"{m.start:%H:%M}") for m in beginners.schedule] == [(["mon", "thu"], "19:00")]
    assert beginners.verified == dt.date(2026, 10, 20)  # the newest of its entries
    # Same place, another name: another group.
    assert groups["big-book-study"].location.venue.get("en") == beginners.location.venue.get("en")
    # Past midnight, online, twice a week; the dial-in number and its PIN are in the joining note.
    owls = groups["night-owls"]
    (late,) = owls.schedule
    assert (late.days, f"{late.start:%H:%M}", f"{late.end:%H:%M}", late.ends_next_day) == (
        ["wed", "sat"],
        "23:30",
        "00:30",
        True,
    )
    assert (owls.attendance, owls.online.platform, owls.online.join_url) == (
        "online",
        "zoom",
        "https://zoom.us/j/5550101",
    )
    assert "+972 3-555-0177,,5550101#" in owls.online.note.get("en")
    # The contact is the intergroup and the meeting's own page.
    assert (beginners.contact.phone, beginners.contact.email) == ("+97235550170", "office@intergroup.example.org")
    assert beginners.contact.website == "https://intergroup.example.org/meetings/tel-aviv-beginners-monday/"
    assert groups["haifa-step-study"].contact.website == "https://intergroup.example.org/"  # entity_url
    # A meeting with no contact of its own or its intergroup's takes the publisher's.
    assert groups["saturday-morning-serenity"].contact.email == "office@intergroup.example.org"
    assert groups["jerusalem-womens-meeting"].attendance == "hybrid"
    assert groups["jaffa-arabic"].city == "tel-aviv-yafo"  # Jaffa, a synonym


def test_a_meeting_without_any_contact_is_reported_with_the_options_to_pass(tmp_path, capsys):
    code, report, groups = imported(tmp_path, capsys)
    assert code == 1
    assert "skipped saturday-morning-serenity (Saturday Morning Serenity): the feed gives no way to reach" in report
    assert "--contact-email" in report
    assert meetings_in(groups) == 8


def test_contact_from_the_dial_in_number_without_its_pin(tmp_path, capsys, taxonomy):
    entry = {k: v for k, v in feed()[3].items() if not k.startswith(("entity", "url"))}
    result = read_feed([entry], taxonomy, "en", today=TODAY)
    assert result.skipped == []
    (group,) = result.groups.values()
    assert group["contact"] == {"phone": "+972 3-555-0177"}


def test_the_task_passes_the_publishers_contact(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(tasks.CONFIG, "content", str(ROOT / "content"))
    tasks.import_meeting_guide(
        MockContext(), str(INTERGROUP), out=str(tmp_path), contact_url="https://intergroup.example.org/"
    )
    assert "saturday-morning-serenity.yaml" in capsys.readouterr().out
    assert "website: https://intergroup.example.org/\n" in (tmp_path / "saturday-morning-serenity.yaml").read_text()
    with pytest.raises(SystemExit) as exit_info:
        tasks.import_meeting_guide(MockContext(), str(INTERGROUP), out=str(tmp_path), contact_phone="04-6555abc")
    assert exit_info.value.code == 2
    assert "--contact-phone '04-6555abc' is not a usable" in capsys.readouterr().out


def test_an_end_at_the_start_is_dropped_and_noted(taxonomy):
    entry = {**feed()[0], "end_time": "19:00"}
    result = read_feed([entry], taxonomy, "en", today=TODAY)
    (group,) = result.groups.values()
    assert "end" not in group["schedule"][0]
    assert any("is the start time" in note for note in result.notes)


def test_imported_files_build(tmp_path, capsys, translations_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("groups"))
    code, report, groups = imported(content / "groups", capsys, publisher=OFFICE)
    assert code == 0, report
    output = build_site(content, tmp_path / "output", translations_path)
    for slug in groups:
        for lang in LANGUAGES:
            assert (output / lang / "groups" / slug / "index.html").is_file(), (lang, slug)
    calendar = next((output / "he" / "groups" / "night-owls").glob("*.ics"), None) or next(
        output.rglob("night-owls*.ics")
    )
    text = calendar.read_text(encoding="utf-8")
    assert "DTSTART;TZID=Asia/Jerusalem:" in text and "T233000" in text
    start = text.split("DTSTART;TZID=Asia/Jerusalem:")[1][:8]
    end = text.split("DTEND;TZID=Asia/Jerusalem:")[1][:15]
    assert end == (dt.date.fromisoformat(f"{start[:4]}-{start[4:6]}-{start[6:]}") + dt.timedelta(days=1)).strftime(
        "%Y%m%dT003000"
    )


# Hostile feeds: one clear message, never a traceback.


def test_json_nested_too_deeply_is_refused_with_a_message(tmp_path, capsys):
    source = tmp_path / "deep.json"
    source.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert main(str(source), out=str(tmp_path / "out"), lang="en") == 2
    assert "nested too deeply" in capsys.readouterr().out


def test_a_feed_over_the_size_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    source = tmp_path / "big.json"
    source.write_text(json.dumps([{"name": "x" * 5000}]), encoding="utf-8")
    monkeypatch.setattr(meeting_guide_import, "MAX_FEED_BYTES", 4096)
    monkeypatch.setattr(Path, "read_text", lambda *a, **k: pytest.fail("the feed was read"))
    assert main(str(source), out=str(tmp_path / "out"), lang="en") == 2
    assert "more than the limit" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text", ['{"meetings": []}', "not json", '"a string"', "\udc80".encode("utf-8", "surrogatepass").decode("latin-1")]
)
def test_what_is_not_a_feed_is_refused_with_a_message(tmp_path, capsys, text):
    source = tmp_path / "feed.json"
    source.write_text(text, encoding="utf-8")
    assert main(str(source), out=str(tmp_path / "out"), lang="en") == 2
    assert str(source) in capsys.readouterr().out


def hostile_entries() -> list:
    base = feed()[0]
    wrong = {
        "name": ["a", "list"],
        "day": {"monday": True},
        "time": ["19:00"],
        "end_time": 1900,
        "types": "O,EN",
        "latitude": "NaN",
        "notes": {"text": "an object"},
        "url": 12345,
        "city": None,
        "location": ["x"],
        "entity_phone": "call us",
        "entity_email": ["office@example.org"],
        "updated": "9999-99-99",
        "timezone": {"zone": "Asia/Jerusalem"},
    }
    entries: list = [None, 7, "meeting", [base]]
    for key, value in wrong.items():
        entry = copy.deepcopy(base)
        entry["slug"] = f"wrong-{key.replace('_', '-')}"
        entry[key] = value
        entries.append(entry)
    huge = copy.deepcopy(base)
    huge.update(slug="huge-notes", notes="A first line.\n" + "word " * 1_000_000, location="v" * 100_000)
    long_name = copy.deepcopy(base)
    long_name.update(slug="long-name", name="n" * 5000)
    invisible = copy.deepcopy(base)
    invisible.update(slug="invisible", name="Tel\u200b Aviv\u034f\nBeginners\u202e", location="Hall\u0000")
    many_days = copy.deepcopy(base)
    many_days.update(slug="many-days", day=[0, 1, 2, 3, 4, 5, 6, 0, 1] * 1000)
    return [*entries, huge, long_name, invisible, many_days]


def test_hostile_values_give_a_file_or_a_reason_for_every_meeting(tmp_path, capsys, taxonomy):
    entries = hostile_entries()
    result = read_feed(entries, taxonomy, "en", today=TODAY)
    assert sum(result.entries.values()) + len(result.skipped) == len(entries)
    reasons = "\n".join(str(s) for s in result.skipped)
    for reason in ("an entry of the feed is not an object", "no weekly day and time", "no name"):
        assert reason in reasons
    assert "name.en: the en text has 1200 characters — shorten it to 120" in reasons  # reported, not cut to fit
    # Through the command: a report and written files that validate, never a traceback.
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(entries), encoding="utf-8")
    code, report, groups = imported(tmp_path / "out", capsys, source=source)
    assert code == 1
    assert f"{sum(result.entries.values())} meeting(s) of the feed are in the group files" in report
    huge = [g for g in groups.values() if g.description and "word word" in g.description.get("en")]
    assert huge and all(len(g.description.get("en")) <= DESCRIPTION_LENGTH for g in huge)
    assert any(g.name.get("en") == "Tel Aviv Beginners" for g in groups.values())  # invisible characters removed
    days = [m.days for g in groups.values() for m in g.schedule if len(m.days) == 7]
    assert days == [["mon", "tue", "wed", "thu", "fri", "sat", "sun"]]


def test_meetings_with_different_names_at_one_place_stay_apart(taxonomy):
    """'Step 1' and 'Step 2' at the same hall are two groups; 'tel aviv  BEGINNERS' is the same as 'Tel Aviv Beginners'."""
    first, second = feed()[0], feed()[1]
    entries = [
        {**first, "name": "Step 1", "slug": "a"},
        {**first, "name": "Step 2", "slug": "b"},
        {**second, "name": "tel aviv  BEGINNERS", "slug": "c"},
        {**first, "slug": "d"},
    ]
    result = read_feed(entries, taxonomy, "en", today=TODAY)
    assert sorted(result.entries.items()) == [("a", 1), ("b", 1), ("tel-aviv-beginners", 2)]


def test_a_folder_that_cannot_be_written_is_reported_not_a_traceback(tmp_path, capsys):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    assert main(str(INTERGROUP), out=str(blocked), lang="en", today=TODAY, publisher=OFFICE) == 1
    report = capsys.readouterr().out
    assert report.count("could not write") == 7
    assert "0 group file(s) written" in report and "0 meeting(s) of the feed are in the group files" in report
