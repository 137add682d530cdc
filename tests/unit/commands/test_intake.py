"""Listings sent without git: recorded GitHub issues and e-mails become group files that validate and build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from commands import intake
from directory.files.reader import read_group
from tests.conftest import LANGUAGES, ROOT, SETTINGS, build_site

FIXTURES = ROOT / "tests" / "fixtures" / "intake"
SLUG = "haifa-family-carers"
NAMES = {
    "he": "קבוצת תמיכה לבני משפחה בחיפה",
    "ar": "مجموعة دعم للعائلات في حيفا",
    "en": "Haifa family support group",
    "ru": "Группа поддержки для родственников в Хайфе",
}


@pytest.fixture
def content(tmp_path: Path, translations_path: Path, monkeypatch) -> Path:
    """A content folder with the project's taxonomy and one sample group; messages from the compiled catalogues."""
    folder = tmp_path / "content"
    (folder / "groups").mkdir(parents=True)
    for name in ("taxonomy.yaml", "crisis.yaml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    shutil.copy(ROOT / "content" / "groups" / "haifa-hearing-voices.yaml", folder / "groups")
    monkeypatch.setitem(SETTINGS, "GROUPS_TRANSLATIONS_PATH", str(translations_path))
    # The commands read pelicanconf.py themselves: theirs too, or the messages hang on whether an earlier test
    # (perhaps on the other worker) compiled the catalogues in the tree.
    monkeypatch.setattr(intake, "settings_or_exit", lambda settings=None: SETTINGS if settings is None else settings)
    return folder


def run_issue(body: str, content: Path, **files: object) -> int:
    """The workflow's step on an issue's body, with the comment, pull-request text and outputs in `files`."""
    return intake.issue_main(body, content=str(content), **files)


def languages():
    return intake._languages(SETTINGS)


def assert_builds(tmp_path: Path, content: Path, translations_path: Path, lang: str) -> None:
    """The written file validates and the site builds with its page."""
    from directory.files.reader import read_taxonomy
    from directory.settings import reader_context

    taxonomy, _ = read_taxonomy(content / "taxonomy.yaml", tuple(SETTINGS["GROUPS_LANGUAGES"]))
    group, problems = read_group(content / "groups" / f"{SLUG}.yaml", reader_context(SETTINGS, taxonomy))
    assert group is not None and not [p for p in problems if p.level == "error"], problems
    output = build_site(content, tmp_path / "output", translations_path)
    assert NAMES[lang] in (output / lang / "groups" / SLUG / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_recorded_issue_becomes_a_file_that_builds(lang, content, tmp_path, translations_path):
    body = (FIXTURES / f"issue-{lang}.md").read_text(encoding="utf-8")
    comment, pull_request, outputs = tmp_path / "comment.md", tmp_path / "pr.md", tmp_path / "outputs"
    code = run_issue(body, content, number="7", comment=comment, pull_request=pull_request, outputs=outputs)
    assert code == 0
    found = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines())
    assert found["valid"] == "true" and found["lang"] == lang
    assert found["file"].endswith(f"groups/{SLUG}.yaml")
    assert NAMES[lang] in found["title"]
    # The comment is in the leader's language: the catalogue's words, with the group's name.
    reply = comment.read_text(encoding="utf-8")
    assert reply.startswith(languages()[lang].gettext(intake.RECEIVED_NEW) % {"name": NAMES[lang]})
    if lang != "en":
        assert languages()[lang].gettext(intake.RECEIVED_NEW) != intake.RECEIVED_NEW
    assert "Closes #7" in pull_request.read_text(encoding="utf-8")
    assert_builds(tmp_path, content, translations_path, lang)


def test_issue_with_problems_writes_nothing_and_answers_in_arabic(content, tmp_path):
    body = (FIXTURES / "issue-ar-problems.md").read_text(encoding="utf-8")
    comment, outputs = tmp_path / "comment.md", tmp_path / "outputs"
    assert run_issue(body, content, number="8", comment=comment, pull_request=tmp_path / "pr.md", outputs=outputs) == 1
    assert "valid=false" in outputs.read_text(encoding="utf-8")
    assert not (content / "groups" / f"{SLUG}.yaml").exists()
    reply = comment.read_text(encoding="utf-8")
    arabic = languages()["ar"].gettext
    assert reply.startswith(arabic(intake.HAS_PROBLEMS))
    assert "04-555" in reply and "atlantis" in reply
    # Every line is in Arabic: no English message slipped through.
    for line in reply.splitlines()[2:4]:
        assert not line.split(":", 1)[-1].strip().startswith(("'", "is ", "the ")), line


def test_issue_without_a_listing_says_so_in_hebrew(content, tmp_path):
    body = (FIXTURES / "issue-he-empty.md").read_text(encoding="utf-8")
    comment = tmp_path / "comment.md"
    assert run_issue(body, content, number="9", comment=comment, pull_request=tmp_path / "pr.md", outputs=None) == 1
    assert comment.read_text(encoding="utf-8").strip() == languages()["he"].gettext(intake.NOT_FOUND)


def test_an_issue_for_a_listed_group_is_an_update(content, tmp_path):
    body = (FIXTURES / "issue-en.md").read_text(encoding="utf-8").replace(SLUG, "haifa-hearing-voices")
    outputs = tmp_path / "outputs"
    assert (
        run_issue(
            body, content, number="10", comment=tmp_path / "c.md", pull_request=tmp_path / "p.md", outputs=outputs
        )
        == 0
    )
    assert "title=Update: " in outputs.read_text(encoding="utf-8")


def test_a_file_name_cannot_leave_the_groups_folder(content, tmp_path):
    body = (FIXTURES / "issue-en.md").read_text(encoding="utf-8")
    body = body.replace(f"content/groups/{SLUG}.yaml", "../../tasks.py")
    assert (
        run_issue(body, content, number="11", comment=tmp_path / "c.md", pull_request=tmp_path / "p.md", outputs=None)
        == 1
    )
    assert sorted(p.name for p in (content / "groups").iterdir()) == ["haifa-hearing-voices.yaml"]


@pytest.mark.parametrize(
    "case",
    [
        ("mail-en.txt", "en"),
        ("mail-en-forwarded-wrapped.txt", "en"),
        ("mail-he-quoted-printable.eml", "he"),
        ("mail-ar-attachment.eml", "ar"),
    ],
    ids=lambda case: case[0],
)
def test_mail_becomes_a_file_that_builds(case, content, tmp_path, translations_path, capsys):
    name, lang = case
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    assert intake.mail_main(raw, str(content)) == 0
    printed = capsys.readouterr().out
    assert f"groups/{SLUG}.yaml" in printed and "(a new group)" in printed
    assert languages()[lang].gettext(intake.NEXT_STEPS) in printed
    assert_builds(tmp_path, content, translations_path, lang)


def test_mail_without_a_listing(content, capsys):
    assert intake.mail_main("Hi, we run a group in Haifa on Tuesdays. Call me!", str(content)) == 1
    assert "no listing was found" in capsys.readouterr().out


def test_add_from_mail_task_reads_stdin(content, tmp_path, monkeypatch, capsys):
    """`invoke add-from-mail` reads the message from stdin; a wrong path is one line, not a traceback."""
    import io

    from invoke import MockContext, Result

    import tasks

    monkeypatch.setitem(tasks.CONFIG, "content", str(content))
    monkeypatch.setattr(sys, "stdin", io.StringIO((FIXTURES / "mail-en.txt").read_text(encoding="utf-8")))
    c = MockContext(run=Result(), repeat=True)
    tasks.add_from_mail(c)
    assert (content / "groups" / f"{SLUG}.yaml").exists()
    assert "reply to the sender" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        tasks.add_from_mail(c, file=str(tmp_path / "missing.eml"))
    assert str(exit_info.value.code).startswith("Cannot read ")
