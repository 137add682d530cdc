"""The build benchmark's code on a tiny directory (no Hugo): synthetic groups, the runs, the results file."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from bench import build, synthetic
from commands.fmt import is_canonical
from commands.validate import read_content
from directory.files.reader import group_files
from tests.conftest import SETTINGS

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    return synthetic.write_directory(tmp_path_factory.mktemp("synthetic") / "content", 120)


def test_synthetic_groups_are_valid_canonical_and_varied(directory):
    read, count = read_content(str(directory), SETTINGS, today=TODAY)
    assert count == len(read.groups) == 120
    assert not [p for p in read.problems if p.level == "error"]
    assert all(is_canonical(path) for path in group_files(directory / "groups"))
    assert {"taxonomy.yaml", "crisis.yaml"} <= {p.name for p in directory.iterdir()}
    assert (directory / "pages" / "about.en.md").exists()
    texts = Counter(tuple(g.name.root) for g in read.groups)
    assert {("he", "ar", "en"), ("he",), ("ar",)} <= set(texts)
    assert {g.attendance for g in read.groups} == {"in-person", "online", "hybrid"}
    kinds = {m.repeat for g in read.groups for m in g.schedule}
    assert kinds == {"weekly", "biweekly", "monthly", "cohort", "by-arrangement", "ongoing"}
    assert len({g.city for g in read.groups}) > 8
    lengths = [len(g.description.pick("he")[0]) if g.description else 0 for g in read.groups]
    assert min(lengths) == 0 and max(lengths) > 300
    assert any(p.template.startswith("was %(months)s") for p in read.problems)  # some are stale


def test_synthetic_directories_are_the_same_for_the_same_seed(tmp_path):
    one = synthetic.write_directory(tmp_path / "one", 15)
    two = synthetic.write_directory(tmp_path / "two", 15)
    other = synthetic.write_directory(tmp_path / "other", 15, seed=8)
    files = sorted(p.name for p in (one / "groups").iterdir())
    assert files == sorted(p.name for p in (two / "groups").iterdir())
    assert all((one / "groups" / f).read_bytes() == (two / "groups" / f).read_bytes() for f in files)
    assert files != sorted(p.name for p in (other / "groups").iterdir())


def test_an_edit_keeps_the_file_valid_and_canonical(tmp_path):
    content = synthetic.write_directory(tmp_path / "content", 10)
    path, before = build.edit_group(content, 0)
    assert path.read_bytes() != before
    assert is_canonical(path)
    assert not [p for p in read_content(str(content), SETTINGS, today=TODAY)[0].problems if p.level == "error"]


def test_the_hugo_site_has_as_many_pages_as_asked(tmp_path, directory):
    written = build.write_hugo_site(tmp_path / "hugo", directory, 500)
    pages = list((tmp_path / "hugo" / "content").rglob("*.md"))
    assert written == len(pages) == 500
    assert len(list((tmp_path / "hugo" / "content" / "ar" / "groups").glob("*.md"))) == 120
    assert (tmp_path / "hugo" / "layouts" / "_default" / "baseof.html").exists()


def test_a_small_run_measures_every_build_and_writes_the_results(tmp_path, translations_path, monkeypatch, capsys):
    results_path = tmp_path / "build.json"
    monkeypatch.setenv("BENCH_BUILD_SIZES", "20")
    # The entry point `invoke bench build` calls, catalogues compiled as it does; only the run is made small.
    build.main(
        work=tmp_path / "work",
        results_path=results_path,
        hugo=False,
        repeats=build.Repeats(cold=1, warm=1, incremental=1, hugo=0),
        workers=2,
        overrides={"GROUPS_TRANSLATIONS_PATH": str(translations_path)},
    )
    printed = capsys.readouterr().out
    stored = json.loads(results_path.read_text(encoding="utf-8"))
    assert [r["groups"] for r in stored] == [20]
    result = stored[0]
    for key in ("groups", "pages", "full_build_s", "incremental_s", "peak_rss_mb", "hugo_s"):
        assert key in result
    assert result["pages"] > 20 * 3
    assert result["hugo_s"] is None
    assert result["full_build_s"] > 0
    assert result["incremental_s"] > 0
    assert result["peak_rss_mb"] > 10
    assert 10 < result["incremental_peak_rss_mb"] <= result["peak_rss_mb"]
    assert result["steps_cold_s"]["GroupsGenerator.generate_output"] > 0
    assert "| 20 |" in printed
    assert "20 groups, incremental:" in printed
    # The edit was undone: the synthetic directory can be reused.
    content = tmp_path / "work" / "content-20"
    assert not [p for p in read_content(str(content), SETTINGS, today=TODAY)[0].problems if p.level == "error"]
    assert all(is_canonical(path) for path in group_files(content / "groups"))
    log = (tmp_path / "work" / "run-20" / "logs" / "incremental-0.log").read_text()
    written = int(log.split("groups: ", 1)[1].split(" files written")[0])
    assert written < result["pages"] / 2  # only what the edit changed
