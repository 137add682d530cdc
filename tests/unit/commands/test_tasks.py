"""Maintainer tasks: what they run, and how a build treats bad group files."""

from __future__ import annotations

import shutil

import pytest
from invoke import Context, MockContext, Result

import tasks
from commands.build import build
from tests.conftest import FIXTURES, LANGUAGES, ROOT


def test_i18n_extract_updates_every_catalogue():
    c = MockContext(run=Result(), repeat=True)
    tasks.i18n_extract(c)
    commands = [call.args[0] for call in c.run.call_args_list] if hasattr(c.run, "call_args_list") else None
    if commands is None:
        pytest.skip("MockContext without call recording")
    assert "-k N_" in commands[0]
    assert [cmd.rsplit("-l ", 1)[1] for cmd in commands[1:]] == list(LANGUAGES)


def test_build_renders_good_groups_then_fails_on_bad_ones(tmp_path, monkeypatch, translations_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", content)
    output = tmp_path / "output"
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    with pytest.raises(SystemExit) as exit_info:
        build(content, output, strict=True, GROUPS_TRANSLATIONS_PATH=str(translations_path))
    assert exit_info.value.code == 1
    assert (output / "he" / "groups" / "voices" / "index.html").exists()
    assert not (output / "he" / "groups" / "broken").exists()
    assert "fix them" in capsys.readouterr().out


def test_serve_build_is_not_strict(tmp_path, translations_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", content)
    output = tmp_path / "output"
    assert build(content, output, strict=False, GROUPS_TRANSLATIONS_PATH=str(translations_path)) > 0
    assert (output / "en" / "groups" / "hebrew-only" / "index.html").exists()


def test_validate_task_exits_non_zero_on_errors(monkeypatch):
    monkeypatch.chdir(ROOT)
    # Not into the tree: another test worker may be reading the catalogues meanwhile.
    monkeypatch.setattr(tasks, "_compile", lambda c, quiet=False: None)
    c = Context()
    with pytest.raises(SystemExit) as exit_info:
        tasks.validate(c, paths=[str(FIXTURES / "invalid" / "cost-enum.yaml")])
    assert exit_info.value.code == 1


def test_log_lines_are_not_wrapped_off_a_terminal():
    """Piped or in CI, a long log line (a path:line:col and its message) stays one line."""
    import subprocess
    import sys

    long_path = "content/groups/" + "a-very-long-group-file-name-" * 4 + "x.yaml:12:3: [warning] verified: too old"
    script = (
        "import logging; from commands.build import console_logging; console_logging();"
        f"logging.getLogger('pelican.test').warning({long_path!r})"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [f"WARNING {long_path}"]


def test_user_mistakes_in_tasks_are_one_line_not_a_traceback(monkeypatch, capsys):
    """A wrong path to validate is a problem line; a wrong date to stale is a sentence."""
    monkeypatch.chdir(ROOT)
    c = MockContext(run=Result(), repeat=True)
    with pytest.raises(SystemExit):
        tasks.validate(c, paths=["no/such/file.yaml"])
    assert "no/such/file.yaml:1:1: [error] no such file" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        tasks.stale(c, today="last tuesday")
    assert "YYYY-MM-DD" in str(stopped.value.code)


def test_stale_names_the_files_it_could_not_read(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "groups" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    monkeypatch.setitem(tasks.CONFIG, "content", str(content))
    tasks.stale(MockContext(run=Result(), repeat=True), months=0, format="csv")
    captured = capsys.readouterr()
    assert "broken.yaml" not in captured.out
    assert "1 group file(s) could not be read" in captured.err and "broken.yaml:" in captured.err
