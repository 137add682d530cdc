"""One settings source: the commands read pelicanconf.py as the build does, checked once, every problem in words."""

from __future__ import annotations

import shutil

import pytest

from commands import validate
from commands.settings import settings_or_exit, with_exports
from directory import settings
from directory.settings import DEFAULTS, SettingsError, check, site_settings
from tests.conftest import ROOT


def write_settings(tmp_path, text: str):
    path = tmp_path / "pelicanconf.py"
    path.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return path


def test_the_commands_read_the_site_settings_file(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    capsys.readouterr()
    assert validate.main([], content=str(content)) == 0
    before = capsys.readouterr().out.count("months ago")
    monkeypatch.setattr(settings, "SETTINGS_FILE", write_settings(tmp_path, "GROUPS_STALE_MONTHS = 1\n"))
    assert settings_or_exit()["GROUPS_STALE_MONTHS"] == 1
    assert validate.main([], content=str(content)) == 0
    assert capsys.readouterr().out.count("months ago") > before
    assert with_exports()["EXPORTS_COUNTRY"] == "IL"


def test_every_problem_of_a_settings_file_is_named_at_once(tmp_path):
    path = write_settings(
        tmp_path,
        'GROUPS_LANGUAGES = ("he", "fr")\nGROUPS_HOME_URL = "{lang}"\nGROUPS_TIMEZONE = "Mars/Base"\n'
        "GROUPS_STALE_MONTHS = 0\n",
    )
    with pytest.raises(SettingsError) as raised:
        site_settings(path)
    lines = str(raised.value).splitlines()
    assert len(lines) == 4 and all(line.startswith("pelicanconf.py: GROUPS_") for line in lines)
    assert any("GROUPS_FALLBACKS has no entry for fr" in line for line in lines)
    assert any("GROUPS_HOME_URL: must end with '/'" in line for line in lines)
    assert any("'Mars/Base' is not a time zone" in line for line in lines)


def test_a_broken_settings_file_ends_a_command_with_its_problems_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "SETTINGS_FILE", write_settings(tmp_path, "GROUPS_PAGE_SIZE = 'twenty'\n"))
    with pytest.raises(SystemExit) as stopped:
        settings_or_exit()
    assert "GROUPS_PAGE_SIZE" in str(stopped.value.code) and "twenty" in str(stopped.value.code)
    monkeypatch.setattr(settings, "SETTINGS_FILE", write_settings(tmp_path, "GROUPS_LANGUAGES = (\n"))
    with pytest.raises(SystemExit) as stopped:
        settings_or_exit()
    assert "cannot be read" in str(stopped.value.code)


def test_the_defaults_are_valid_and_the_model_knows_every_setting():
    assert check(dict(DEFAULTS)) == []
    assert set(settings.GroupsSettings.model_fields) == set(DEFAULTS)
