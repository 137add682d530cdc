"""Work done in forked children while the build goes on: results arrive, failures are reported, not lost."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from plugins.exporters import hsds
from plugins.pages.parallel import can_fork, in_background, wait_for_background
from tests.conftest import FIXTURES, build_site

pytestmark = pytest.mark.skipif(not can_fork(), reason="fork() is not available here")


def test_a_child_writes_while_the_parent_goes_on(tmp_path: Path):
    target = tmp_path / "written.txt"
    in_background("writing a file", lambda: target.write_text(str(os.getpid())))
    assert wait_for_background() == []
    assert target.read_text() != str(os.getpid())  # written by another process


def test_a_failure_comes_back_with_its_traceback():
    def fail() -> None:
        raise ValueError("the disk is full")

    in_background("writing the exports", fail)
    in_background("writing the cache", lambda: None, required=False)
    failed = wait_for_background()
    assert [(job.what, job.required) for job in failed] == [("writing the exports", True)]
    assert "ValueError: the disk is full" in failed[0].message


def test_a_failure_in_a_childs_own_background_work_reaches_the_parent():
    def nested() -> None:
        in_background("inner", lambda: 1 / 0)

    in_background("outer", nested)
    failed = wait_for_background()
    assert [job.what for job in failed] == ["outer"]
    assert "inner failed" in failed[0].message and "ZeroDivisionError" in failed[0].message


def test_here_runs_at_once_in_this_process(tmp_path: Path):
    target = tmp_path / "here.txt"
    in_background("writing a file", lambda: target.write_text(str(os.getpid())), here=True)
    assert target.read_text() == str(os.getpid())
    assert wait_for_background() == []


def test_a_failed_export_is_an_error_of_the_build(tmp_path, translations_path, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("HSDS export broke")

    monkeypatch.setattr(hsds, "services", broken)
    with caplog.at_level(logging.WARNING):
        output = build_site(FIXTURES / "sites" / "basic" / "content", tmp_path / "output", translations_path)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("writing the open-data exports failed" in e and "HSDS export broke" in e for e in errors), errors
    # Everything else was written.
    assert (output / "he" / "search" / "index.html").exists()
    assert (output / "data" / "groups.json").exists()
