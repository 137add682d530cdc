"""Reproducible output: builds of the same sources are byte-identical, however they are made.

Two builds in separate processes (other hash seeds, other folders, one on one core filling a build
cache and one forking workers without any) write the same files with the same bytes; so does a build
from that cache, and an incremental rebuild of the kept output folder matches a fresh build of the
changed sources. GROUPS_TODAY is the only thing pinned (the next meeting dates are counted from it);
nothing else may depend on the build. Five whole-sample builds in all: each one proves something.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from bench.build_compare import differences, files
from commands.validate import read_content
from directory.calendar import EventText, group_calendar
from plugins.pages import buildcache, parallel
from tests.conftest import FIXTURES, LANGUAGES, ROOT, SETTINGS, build_site

TODAY = dt.date(2026, 12, 31)
BUILD = """
import datetime as dt, json, sys
from commands.build import run, site_settings
root, content, output, translations, workers, theme, more = sys.argv[1:8]
settings = site_settings(content, output, THEME=theme, CACHE_PATH=output + "-pelican-cache",
    GROUPS_TRANSLATIONS_PATH=translations, GROUPS_TODAY=dt.date(2026, 12, 31), GROUPS_WORKERS=int(workers),
    **json.loads(more))
run(settings)
"""


def build_in_process(output: Path, translations: Path, seed: str, workers: int, content: Path, **more: object) -> Path:
    """Build `content` (with the theme copied beside it) in a new Python process; `more` settings as JSON."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    theme = content.parent / "theme"
    command = [sys.executable, "-c", BUILD, str(ROOT), str(content), str(output), str(translations), str(workers)]
    command += [str(theme), json.dumps(more)]
    done = subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    """A copy of the sample content, with the theme beside it: the same sources for every build here."""
    folder = tmp_path_factory.mktemp("sources")
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "theme", folder / "theme", ignore=shutil.ignore_patterns("translations"))
    return folder / "content"


@pytest.fixture(scope="module")
def cached(tmp_path_factory, translations_path, sources) -> dict:
    """The sources copied and built with one build cache: cold (one core, hash seed 1) into a kept folder, in
    another process; then warm, here, elsewhere."""
    folder = tmp_path_factory.mktemp("cached")
    content = folder / "content"
    shutil.copytree(sources.parent, folder, dirs_exist_ok=True)  # the content and the theme beside it
    settings = {"GROUPS_CACHE_PATH": str(folder / "cache"), "DELETE_OUTPUT_DIRECTORY": False}
    cold = build_in_process(folder / "kept", translations_path, "1", 1, content, **settings)
    held = buildcache.sections(folder / "cache")
    stores = {p.name for p in (folder / "cache").iterdir()}
    settings |= {"GROUPS_TODAY": TODAY, "THEME": str(folder / "theme")}
    warm = build_site(content, folder / "warm", translations_path, **settings)
    return {"content": content, "settings": settings, "cold": cold, "warm": warm, "held": held, "stores": stores}


def test_two_builds_of_the_same_sources_are_byte_identical(cached, tmp_path, translations_path, sources):
    """The cold build beside one in another process, hash seed and folder, forking two workers, with no cache."""
    other = build_in_process(tmp_path / "elsewhere" / "site", translations_path, "2", 2, sources)
    built = files(cached["cold"])
    assert len(built) > 500
    assert any(name.endswith(".ics") for name in built)
    assert differences(cached["cold"], other) == []


def test_a_build_from_the_cache_is_the_same_as_a_fresh_one(cached):
    assert cached["stores"] == {"cache.sqlite"}  # one store
    held = cached["held"]
    assert all(held[name] >= 30 for name in ("parsed", "fragments", "pages", "search", "exports", "templates"))
    assert differences(cached["cold"], cached["warm"]) == []


def _edit(content: Path) -> str:
    """Rename one group (it moves in its listings), remove one, add one; return the removed slug."""
    voices = content / "groups" / "haifa-hearing-voices.yaml"
    voices.write_text(voices.read_text(encoding="utf-8").replace("Haifa Hearing Voices Group", "Aardvark voices"))
    shutil.copy(content / "groups" / "eilat-alcohol-peer.yaml", content / "groups" / "eilat-alcohol-peer-two.yaml")
    (content / "groups" / "akko-fathers-group.yaml").unlink()
    return "akko-fathers-group"


def stamps(folder: Path) -> dict[str, int]:
    """Each file's modification time, in nanoseconds: a file written again gets a new one."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def edited(cached, translations_path) -> dict:
    """The kept folder of `cached` rebuilt after an edit: the files and fragments before and after."""
    kept, cache = cached["cold"], Path(cached["settings"]["GROUPS_CACHE_PATH"])
    before, entries = stamps(kept), _printed_entries(cache)
    removed = _edit(cached["content"])
    build_site(cached["content"], kept, translations_path, **cached["settings"])
    return {"removed": removed, "before": before, "after": stamps(kept), "entries": (entries, _printed_entries(cache))}


def test_an_incremental_rebuild_matches_a_fresh_build(tmp_path, translations_path, cached, edited):
    before, after, removed = edited["before"], edited["after"], edited["removed"]
    unchanged = [name for name, stamp in after.items() if before.get(name) == stamp]
    assert len(unchanged) > len(after) - len(unchanged)  # most pages were left as they were
    # The removed group's page, calendar, list entry and QR code, in each language, are gone.
    assert len([name for name in before if f"/groups/{removed}/" in name]) == 4 * len(LANGUAGES)
    assert not [name for name in after if f"/groups/{removed}/" in name]
    theme = cached["settings"]["THEME"]
    again = build_site(cached["content"], tmp_path / "again", translations_path, GROUPS_TODAY=TODAY, THEME=theme)
    kept, expected = files(cached["cold"]), files(again)
    assert {name for name in expected if kept.get(name) != expected[name]} == set()
    # Files the groups plugin made for the removed group are gone; other plugins' own files may stay.
    assert not [
        name for name in kept.keys() - expected.keys() if name.startswith(tuple(f"{lang}/" for lang in LANGUAGES))
    ]


@pytest.mark.parametrize("site", [ROOT / "content", FIXTURES / "sites" / "basic" / "content"], ids=["sample", "basic"])
def test_reading_through_the_cache_gives_what_the_reader_gives(site, tmp_path):
    expected, _ = read_content(str(site), SETTINGS, today=TODAY)
    for _ in range(2):  # cold, then from the cache
        found = buildcache.read_groups(str(site), SETTINGS, TODAY, tmp_path / "cache", workers=2)
        assert found.directory.groups == expected.groups
        assert found.directory.problems == expected.problems
        assert set(found.hashes) == {g.slug for g in expected.groups}
    # Another day changes only what depends on the day: the stale warnings.
    later = dt.date(2031, 1, 1)
    assert buildcache.read_groups(str(site), SETTINGS, later, tmp_path / "cache").directory.problems == (
        read_content(str(site), SETTINGS, today=later)[0].problems
    )


def test_a_calendar_with_two_time_zones_is_stable_and_complete():
    groups = read_content(str(ROOT / "content"), SETTINGS, today=TODAY)[0].groups
    group = next(g for g in groups if g.schedule and getattr(g.schedule[0], "start", None))
    meetings = [
        group.schedule[0].model_copy(update={"timezone": zone}) for zone in ("Europe/London", "America/New_York")
    ]
    two = group.model_copy(update={"schedule": meetings, "status": "active"})
    text = EventText("name", "summary", "https://example.org/x/", "place")
    data = group_calendar(two, text, default_zone="Asia/Jerusalem", host="example.org")
    zones = [str(tz["TZID"]) for tz in Calendar.from_ical(data).walk("VTIMEZONE")]
    assert zones == ["America/New_York", "Europe/London"]
    assert data == group_calendar(two, text, default_zone="Asia/Jerusalem", host="example.org")


def _square(numbers):
    return [n * n for n in numbers]


def _fail_on(bad):
    def work(numbers):
        if bad in numbers:
            raise ValueError(f"bad number {bad}")
        return list(numbers)

    return work


def test_forked_workers_share_the_work_and_report_failures():
    parent = os.getpid()
    pids = parallel.fork_map(lambda share: [os.getpid()] * len(share), list(range(10)), 3)  # a closure: not pickled
    assert [len(p) for p in pids] == [4, 3, 3] and parent not in {p[0] for p in pids}
    results = parallel.fork_map(_square, list(range(10)), 3)
    assert sorted(n for part in results for n in part) == [n * n for n in range(10)]
    with pytest.raises(ValueError, match="bad number 4") as raised:
        parallel.fork_map(_fail_on(4), list(range(10)), 3)  # in a worker: its traceback is the cause
    assert "work" in str(raised.value.__cause__)
    assert parallel.fork_map(_square, [3], 3) == [[9]]  # too little to share: here


def test_weighted_shares_keep_the_heavy_items_apart():
    shares = parallel.share_out([1, 1, 9, 1, 1, 9, 1, 1, 9, 1], 2, weight=float)
    assert sorted(x for share in shares for x in share) == sorted([1, 1, 9, 1, 1, 9, 1, 1, 9, 1])
    assert sorted(sum(share) for share in shares) == [16, 18]  # the best there is: two 9s must share
    assert parallel.share_out([1, 2, 3, 4, 5], 2) == [[1, 3, 5], [2, 4]]


def test_shares_keep_a_language_together_when_they_stay_even():
    pages = [(lang, number) for lang in ("he", "ar", "en", "ru") for number in range(5)]
    shares = parallel.share_out(pages, 2, weight=lambda page: 1.0, together=lambda page: page[0])
    assert sorted(page for share in shares for page in share) == sorted(pages)
    assert [len({lang for lang, _ in share}) for share in shares] == [2, 2]  # each language in one share
    # Three workers for four equal languages: one would do twice the others' work, so interleaved instead.
    uneven = parallel.share_out(pages, 3, weight=lambda page: 1.0, together=lambda page: page[0])
    assert sorted(len(share) for share in uneven) == [6, 7, 7]
    assert parallel.share_out(pages[:5], 2, together=lambda page: page[0]) == [pages[0:5:2], pages[1:5:2]]


def _printed_entries(cache: Path) -> set[tuple[str, str]]:
    """The (group, language) pairs whose printed entry the fragment cache holds."""
    connection = buildcache.connect(cache)
    try:
        rows = connection.execute("SELECT value FROM entries WHERE section = 'fragments'").fetchall()
    finally:
        connection.close()
    keys = [buildcache._decode(row[0])[0] for row in rows]
    return {(key[3][1], key[1]) for key in keys if key[0] == "partials/print_entry.html"}


def test_an_edit_keeps_the_other_groups_fragments(edited):
    # A printed list found whole does not ask for its entries: they must stay for when the list changes.
    before, after = edited["entries"]
    removed = edited["removed"]
    unchanged = {pair for pair in before if pair[0] not in (removed, "haifa-hearing-voices")}
    assert len(unchanged) > 100
    assert unchanged <= after
    assert not [pair for pair in after if pair[0] == removed]


def test_a_change_to_the_domain_code_reads_every_group_file_again(tmp_path, monkeypatch):
    """The parsed-file cache is keyed by the code of directory/ (reader, model, checks) as well as the plugins'."""
    site = str(FIXTURES / "sites" / "basic" / "content")
    read: list[str] = []
    original = buildcache.read_group_document

    def counting(path, context):
        read.append(path)
        return original(path, context)

    monkeypatch.setattr(buildcache, "read_group_document", counting)
    buildcache.read_groups(site, SETTINGS, TODAY, tmp_path)
    first = len(read)
    buildcache.read_groups(site, SETTINGS, TODAY, tmp_path)
    assert first > 0 and len(read) == first  # unchanged: nothing read again
    assert buildcache.CODE_FOLDERS[1].name == "directory"
    monkeypatch.setattr(buildcache, "code_digest", lambda: "other code")  # what stamp() reads
    buildcache.read_groups(site, SETTINGS, TODAY, tmp_path)
    assert len(read) == 2 * first
