"""Maintainer tasks: what they run, and how a build treats bad group files."""

from __future__ import annotations

import shutil

import pytest
from invoke import Context, MockContext, Result

import tasks

from .conftest import FIXTURES, ROOT


def test_i18n_extract_updates_every_catalogue():
    c = MockContext(run=Result(), repeat=True)
    tasks.i18n_extract(c)
    commands = [call.args[0] for call in c.run.call_args_list] if hasattr(c.run, "call_args_list") else None
    if commands is None:
        pytest.skip("MockContext without call recording")
    assert "-k N_" in commands[0]
    assert [cmd.rsplit("-l ", 1)[1] for cmd in commands[1:]] == ["he", "ar", "en"]


def test_build_renders_good_groups_then_fails_on_bad_ones(tmp_path, monkeypatch, translations_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", content)
    output = tmp_path / "output"
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    args = (
        f"{content} -s {ROOT / 'pelicanconf.py'} -o {output} -e GROUPS_TRANSLATIONS_PATH='\"{translations_path}\"'"
        f" THEME='\"{ROOT / 'theme'}\"' PLUGIN_PATHS='[\"{ROOT}\"]'"
    )
    with pytest.raises(SystemExit) as exit_info:
        tasks._pelican(args, strict=True)
    assert exit_info.value.code == 1
    assert (output / "he" / "groups" / "voices" / "index.html").exists()
    assert not (output / "he" / "groups" / "broken").exists()
    assert "fix them" in capsys.readouterr().out


def test_serve_build_is_not_strict(tmp_path, translations_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", content)
    output = tmp_path / "output"
    args = (
        f"{content} -s {ROOT / 'pelicanconf.py'} -o {output} -e GROUPS_TRANSLATIONS_PATH='\"{translations_path}\"'"
        f" THEME='\"{ROOT / 'theme'}\"' PLUGIN_PATHS='[\"{ROOT}\"]'"
    )
    tasks._pelican(args)
    assert (output / "en" / "groups" / "hebrew-only" / "index.html").exists()


def test_validate_task_exits_non_zero_on_errors(monkeypatch):
    monkeypatch.chdir(ROOT)
    c = Context()
    with pytest.raises(SystemExit) as exit_info:
        tasks.validate(c, paths=[str(FIXTURES / "invalid" / "cost-enum.yaml")])
    assert exit_info.value.code == 1
