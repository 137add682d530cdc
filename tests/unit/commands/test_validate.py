"""Validation as a group leader meets it: every problem at once, with line, column, field and a fix."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from commands.validate import cli, read_content
from directory.files.reader import group_files, read_directory, read_group, read_taxonomy
from directory.i18n import load_languages
from directory.problems import report
from directory.settings import reader_context
from tests.conftest import FIXTURES, LANGUAGES, ROOT, SETTINGS

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def context() -> dict:
    taxonomy, _ = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    return reader_context(SETTINGS, taxonomy, TODAY)


def expected(path: Path) -> set[str]:
    """The `# expect: line:col field` comments at the end of a fixture."""
    return set(re.findall(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), flags=re.M))


def test_there_is_a_fixture_per_failure_mode():
    assert len(INVALID) >= 40


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_reports_line_column_and_field(path, context):
    group, problems = read_group(path, context)
    assert group is None
    errors = [p for p in problems if p.level == "error"]
    assert {f"{p.line}:{p.column} {p.field or '(file)'}" for p in errors} == expected(path)
    for problem in errors:
        assert " — " in problem.message, f"no fix offered: {problem}"
        assert str(problem).startswith(f"{problem.path}:{problem.line}:{problem.column}: [error] ")


def mutate(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_twelve_hostile_mutations_give_twelve_problems(tmp_path, context):
    text = (ROOT / "content" / "groups" / "haifa-hearing-voices.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("  en: Haifa Hearing Voices Group", '  en: "Haifa \\u202EGroup"'),
        ("  he: מפגש שיתוף פתוח", "  he: \u200bמפגש שיתוף פתוח"),
        ("  email: voices-haifa@example.org", "  email: voices-haifa.example.org\n  website: javascript:alert(1)"),
        ('  phone: "04-555-0101"', '  phone: "04-5"'),
        ("cost: free", "cost: free\ncost: fee\ncolour: blue"),
        ("verified: 2026-10-15", "verified: 2099-01-01"),
        ("  geo: [32.8156, 34.9892]", "  geo: [51.5, -0.12]"),
        ("topics: [hearing-voices, mental-health]", "topics: [hearing-voice, mental-health]"),
        ('    end: "19:30"', '    end: "18:00"'),
        ("languages: [he, ar]", "languages: &l [he, ar]\naudience_copy: *l"),
    ]:
        text = mutate(text, old, new)
    path = tmp_path / "haifa-hearing-voices.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = read_group(path, context)
    fields = sorted(p.field for p in problems if p.level == "error")
    assert fields == sorted(
        [
            "name.en",
            "summary.he",
            "contact.email",
            "contact.website",
            "contact.phone",
            "cost",
            "colour",
            "verified",
            "location.geo",
            "topics[0]",
            "schedule[0].end",
            "audience_copy",
        ]
    )
    assert len({p.line for p in problems}) == 12


def test_messages_are_translated(tmp_path, translations_path):
    _, problems = read_group(FIXTURES / "invalid" / "phone-invalid.yaml", reader_context(SETTINGS, None, TODAY))
    languages = load_languages(LANGUAGES, SETTINGS["GROUPS_LANGUAGE_INFO_PATH"], str(translations_path))
    hebrew, arabic = problems[0].text(languages["he"].gettext), problems[0].text(languages["ar"].gettext)
    # The number is isolated (FSI … PDI), so it keeps its order inside a right-to-left sentence.
    assert hebrew.startswith("contact.phone: ") and "'\u206804-55\u2069'" in hebrew and re.search("[א-ת]", hebrew)
    assert arabic.startswith("contact.phone: ") and "'\u206804-55\u2069'" in arabic and re.search("[ء-ي]", arabic)


def test_github_annotations(context):
    _, problems = read_group(FIXTURES / "invalid" / "cost-enum.yaml", context)
    assert report(problems, style="github").startswith(
        "::error file=tests/fixtures/invalid/cost-enum.yaml,line=15,col=7::cost: "
    )


def test_cli_exit_status_and_formats(capsys):
    assert cli([str(FIXTURES / "invalid" / "cost-enum.yaml"), "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith("::error file=")
    assert cli([str(ROOT / "content" / "groups" / "haifa-hearing-voices.yaml")]) == 0
    assert "1 of 1 group files are valid; 0 errors" in capsys.readouterr().out


def copy_group(source: str, target: Path, **replacements: str) -> Path:
    text = (ROOT / "content" / "groups" / f"{source}.yaml").read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = mutate(text, old, new)
    target.write_text(text, encoding="utf-8")
    return target


def test_probable_duplicates_are_warned(tmp_path, context):
    first = copy_group("haifa-hearing-voices", tmp_path / "one.yaml")
    second = copy_group(
        "haifa-hearing-voices", tmp_path / "two.yaml", **{"  he: קבוצת שומעי קולות חיפה": "  he: קבוצה אחרת"}
    )
    directory = read_directory([first, second], context)
    warnings = {(Path(p.path).name, p.field) for p in directory.problems if p.level == "warning"}
    assert {("two.yaml", "contact.phone"), ("two.yaml", "name.ar"), ("two.yaml", "name.en")} <= warnings
    assert ("two.yaml", "name.he") not in warnings
    assert all("one.yaml" in p.message for p in directory.problems if Path(p.path).name == "two.yaml")


def test_same_slug_twice_is_an_error(tmp_path, context):
    a = copy_group("haifa-hearing-voices", tmp_path / "same.yaml")
    b = copy_group("haifa-hearing-voices", tmp_path / "same.yml", **{'"04-555-0101"': '"04-555-0199"'})
    directory = read_directory([a, b], context)
    assert [g.slug for g in directory.groups] == ["same"]
    assert any(p.level == "error" and "same.yml" in p.path and "same.yaml" in p.message for p in directory.problems)


def test_stale_and_look_alike_warnings(tmp_path, context):
    path = copy_group(
        "haifa-hearing-voices",
        tmp_path / "old.yaml",
        **{
            "verified: 2026-10-15": "verified: 2025-01-10",
            "  en: Haifa Hearing Voices Group": "  en: Haifa Hеaring Voices Group",
        },
    )
    directory = read_directory([path], context)
    assert directory.groups, directory.problems
    messages = {(p.field, p.message.split(": ", 1)[1]) for p in directory.problems}
    assert ("verified", "was 22 months ago — confirm the details with the group and update the date") in messages
    assert any(field == "name.en" and "Hеaring" in text for field, text in messages)


def test_phone_numbers_are_normalised(context):
    group, _ = read_group(ROOT / "content" / "groups" / "haifa-hearing-voices.yaml", context)
    assert group.contact.phone == "+97245550101"


def test_every_sample_file_is_free_of_errors(context):
    directory = read_directory(group_files(ROOT / "content" / "groups"), context)
    assert [str(p) for p in directory.problems if p.level == "error"] == []


def test_read_content_skips_bad_files_and_keeps_the_rest(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", content)
    directory, count = read_content(str(content), SETTINGS, today=TODAY)
    assert count == 3
    assert sorted(g.slug for g in directory.groups) == ["hebrew-only", "voices"]
    assert {Path(p.path).name for p in directory.problems if p.level == "error"} == {"broken.yaml"}


def test_a_name_written_differently_but_shown_the_same_is_a_probable_duplicate(tmp_path, context):
    """Niqqud, letter case, full-width forms and extra spaces do not hide a duplicate name."""
    first = copy_group("haifa-hearing-voices", tmp_path / "one.yaml")
    second = copy_group(
        "haifa-hearing-voices",
        tmp_path / "two.yaml",
        **{
            '"04-555-0101"': '"04-555-0199"',
            "  he: קבוצת שומעי קולות חיפה": "  he: קְבוּצַת שׁוֹמְעֵי  קוֹלוֹת חיפה",
            "  en: Haifa Hearing Voices Group": "  en: ＨＡＩＦＡ hearing voices group",
        },
    )
    directory = read_directory([first, second], context)
    warnings = {(Path(p.path).name, p.field) for p in directory.problems if p.level == "warning"}
    assert {("two.yaml", "name.he"), ("two.yaml", "name.en")} <= warnings


def test_names_are_compared_without_invisible_characters_or_marks():
    from directory.checks import comparable

    assert comparable("Hearing\u034f Voices") == comparable("hearing voices") == comparable("Hearing\u00a0Voices")
    assert comparable("שָׁלוֹם") == comparable("שלום")
    assert comparable("سَلَام") == comparable("سلام")
    assert comparable("Group A") != comparable("Group B")


def test_github_annotations_escape_file_names_and_messages(tmp_path, capsys):
    """A file name with a line break, '::', ',' or '%' cannot end the annotation or start another command."""
    name = "evil\n::warning file=README.md,line=1::injected\r,a:b%.yaml"
    path = tmp_path / name
    path.write_text((FIXTURES / "invalid" / "cost-enum.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli([str(path), "--format", "github"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert lines and all(line.startswith("::error file=") for line in lines)
    for line in lines:
        properties = line[len("::error ") :].split("::", 1)[0]
        file = properties.split(",")[0].removeprefix("file=")
        assert "\n" not in file and ":" not in file and "," not in file
        unescaped = file.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",")
        assert unescaped.replace("%25", "%") == str(path)
        assert "%25" in file  # the '%' itself is escaped first


def test_github_annotation_messages_escape_line_breaks():
    from directory.problems import make_problem

    problem = make_problem("a.yaml", (1, 2), "name.en", "%(value)s", value="x\n::error::y 100%")
    assert problem.github() == "::error file=a.yaml,line=1,col=2::name.en: x%0A::error::y 100%25"
