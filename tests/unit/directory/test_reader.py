"""The reader: YAML to Group models, with every problem at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.files.reader import load_document, read_directory, read_group, read_taxonomy
from tests.conftest import FIXTURES, LANGUAGES, ROOT

BASIC = FIXTURES / "sites" / "basic" / "content"


@pytest.fixture(scope="module")
def context() -> dict:
    taxonomy, problems = read_taxonomy(BASIC / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    return {"languages": LANGUAGES, "taxonomy": taxonomy}


def where(problems) -> set[tuple[int, int, str]]:
    """(line, column, field) of each problem, as yamllint's tests assert them."""
    return {(p.line, p.column, p.message.split(":")[0]) for p in problems}


def write(tmp_path: Path, text: str, name: str = "g.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_reads_into_group(context):
    group, problems = read_group(BASIC / "groups" / "voices.yaml", context)
    assert problems == []
    assert group.slug == "voices"
    assert group.name.get("ar") == "مجموعة الأصوات"
    assert [m.repeat for m in group.schedule] == ["weekly", "monthly"]
    assert str(group.schedule[0].start) == "18:00:00"  # YAML 1.1 would have read 18:00 as 1080
    assert group.city == "haifa"


def test_broken_file_reports_every_problem_with_position(context):
    group, problems = read_group(BASIC / "groups" / "broken.yaml", context)
    assert group is None
    assert where(problems) == {
        (3, 10, "topics[0]"),
        (6, 13, "attendance"),
        (13, 10, "schedule[0].end"),
        (17, 1, "colour"),
    }
    text = "\n".join(map(str, problems))
    assert "did you mean hearing-voices?" in text
    assert str(problems[0]).startswith(f"{problems[0].path}:3:10: [error] topics[0]:")


def test_missing_field_points_at_parent_mapping(tmp_path, context):
    source = (BASIC / "groups" / "voices.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, source.replace("  platform: zoom\n", ""))
    _, problems = read_group(path, context)
    assert where(problems) == {(31, 3, "online.platform")}
    assert "is missing — add it" in problems[0].message


def test_yaml_syntax_error_has_position(tmp_path, context):
    path = write(tmp_path, "name: {he: x\nsummary: y\n")
    group, problems = read_group(path, context)
    assert group is None
    assert len(problems) == 1
    assert problems[0].line == 2 and "YAML syntax" in problems[0].message


def test_duplicate_key_is_reported(tmp_path):
    doc = load_document(write(tmp_path, "name: a\ncost: free\nname: b\n"))
    assert where(doc.problems) == {(3, 1, "name")}
    assert "first on line 1" in doc.problems[0].message


def test_aliases_and_tags_are_refused(tmp_path):
    doc = load_document(write(tmp_path, "a: &x [1, 2]\nb: *x\nc: !custom 3\n"))
    messages = " ".join(p.message for p in doc.problems)
    assert "aliases" in messages and "tag" in messages


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    doc = load_document(path)
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (1, 10, "the file is not UTF-8 text — save it as UTF-8")
    ]


def test_unquoted_phone_number_asks_for_quotes(tmp_path, context):
    source = (BASIC / "groups" / "voices.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, source.replace('phone: "04-555-0101"', "phone: 045550101"))
    _, problems = read_group(path, context)
    assert where(problems) == {(34, 10, "contact.phone")}
    assert "quotes" in problems[0].message


def test_bad_file_name_is_reported(tmp_path, context):
    source = (BASIC / "groups" / "voices.yaml").read_text(encoding="utf-8")
    _, problems = read_group(write(tmp_path, source, "Bad Name.yaml"), context)
    assert any("file name" in p.message for p in problems)


def test_directory_skips_bad_files_and_keeps_good_ones(context):
    directory = read_directory(sorted((BASIC / "groups").glob("*.yaml")), context)
    assert sorted(g.slug for g in directory.groups) == ["hebrew-only", "voices"]
    assert {Path(p.path).name for p in directory.problems if p.level == "error"} == {"broken.yaml"}
    assert directory.problems == sorted(directory.problems)


def test_sample_taxonomy_is_valid():
    taxonomy, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    assert {"hearing-voices", "bereavement", "alcohol"} <= set(taxonomy.topics)
