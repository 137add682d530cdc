"""The error boundary per group: one group that cannot be built is reported on its file and left out
everywhere (pages, listings, search, exports, feeds, sitemap); every other group is built; the build fails.

The failure is injected into the code a group passes through, once in a step the screen runs before any
output (an export record) and once in the page template, rendered in forked workers.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from jinja2 import pass_context

from commands.build import build as build_site
from commands.validate import main
from directory.files.reader import MAX_FILE_BYTES, group_files, load_document
from plugins.exporters import hsds
from plugins.pages import templating
from tests.conftest import LANGUAGES, sample_subset

BROKEN = "zz-broken-copy"


# A few sample groups of every kind (in person, online, hybrid, forming; four languages): enough for the
# pages to be shared between two workers, a sixth of the sample's build.
GROUPS = (
    "haifa-hearing-voices",
    "ashdod-russian-dementia-carers",
    "beer-sheva-parents-adhd-forming",
    "online-gambling-peer",
    "tel-aviv-recovery-circle-hybrid",
    "jaffa-arabic-bereavement",
    "nazareth-cancer-home-visits",
    "online-arabic-carers-whatsapp",
)


def site_with_broken_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Some sample groups and a copy of one of them, named BROKEN; (content, output)."""
    content = sample_subset(tmp_path, *GROUPS)
    shutil.copy(content / "groups" / "haifa-hearing-voices.yaml", content / "groups" / f"{BROKEN}.yaml")
    return content, tmp_path / "output"


def build(content: Path, output: Path, translations: Path) -> int:
    """`invoke build`'s strict Pelican run, with two workers so the pages are rendered in forked processes."""
    try:
        build_site(content, output, strict=True, GROUPS_TRANSLATIONS_PATH=str(translations), GROUPS_WORKERS=2)
    except SystemExit as exit_info:
        return int(exit_info.code or 0)
    return 0


def assert_left_out_everywhere(content: Path, output: Path) -> None:
    mentions = [
        path.relative_to(output)
        for path in output.rglob("*")
        if path.is_file() and BROKEN.encode() in path.read_bytes()
    ]
    assert mentions == []
    for path in group_files(content / "groups"):
        if path.stem != BROKEN:
            for lang in LANGUAGES:
                assert (output / lang / "groups" / path.stem / "index.html").exists(), (lang, path.stem)
                assert (output / lang / "groups" / path.stem / f"{path.stem}.ics").exists(), (lang, path.stem)
    assert (output / "sitemap.xml").exists() and (output / "data" / "groups.json").exists()
    assert (output / "data" / "hsds" / "services.json").exists()


def test_a_group_failing_in_an_export_is_left_out_before_anything_is_written(
    tmp_path, monkeypatch, translations_path, capsys, caplog
):
    real = hsds.service

    def service(group, *args, **kwargs):
        if group.slug == BROKEN:
            raise ZeroDivisionError("injected")
        return real(group, *args, **kwargs)

    monkeypatch.setattr(hsds, "service", service)
    content, output = site_with_broken_copy(tmp_path)
    assert build(content, output, translations_path) == 1
    printed = capsys.readouterr()
    log = printed.out + printed.err + caplog.text
    assert (
        f"groups/{BROKEN}.yaml:1:1: [error] could not be built (open-data exports: ZeroDivisionError: injected)" in log
    )
    assert "Traceback" not in log
    assert_left_out_everywhere(content, output)


def test_a_group_failing_in_its_page_template_is_left_out_of_everything_else(
    tmp_path, monkeypatch, translations_path, capsys, caplog
):
    real = templating.HELPERS["jsonld"]

    @pass_context
    def jsonld(ctx, group):
        if group.slug == BROKEN and ctx["lang"] == "ar":  # after its Hebrew page was written
            raise RecursionError("injected")
        return real(ctx, group)

    monkeypatch.setitem(templating.HELPERS, "jsonld", jsonld)
    content, output = site_with_broken_copy(tmp_path)
    assert build(content, output, translations_path) == 1
    printed = capsys.readouterr()
    log = printed.out + printed.err + caplog.text
    assert f"groups/{BROKEN}.yaml:1:1: [error] could not be built (page ar/groups/{BROKEN}/index.html:" in log
    assert "RecursionError: injected" in log and "Traceback" not in log
    assert_left_out_everywhere(content, output)


@pytest.mark.parametrize("kind", ["link", "folder", "fifo"])
def test_what_is_not_an_ordinary_file_is_reported_and_skipped(tmp_path, kind, capsys):
    content, _ = site_with_broken_copy(tmp_path)
    broken = content / "groups" / f"{BROKEN}.yaml"
    broken.unlink()
    if kind == "link":
        broken.symlink_to(content / "groups" / "haifa-hearing-voices.yaml")
    elif kind == "folder":
        broken.mkdir()
    else:
        os.mkfifo(broken)  # reading it would wait for a writer for ever
    assert main([], content=str(content)) == 1
    printed = capsys.readouterr().out
    expected = "is a symbolic link" if kind == "link" else "is not an ordinary file"
    assert f"{BROKEN}.yaml:1:1: [error] {expected}" in printed
    assert main([str(broken)], content=str(content)) == 1  # named on the command line too


def test_a_huge_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024**3)  # sparse: 50 GB that reading whole would never finish
    doc = load_document(path)
    assert [p.template for p in doc.problems] == [
        "the file has %(size)s bytes — the limit is %(limit)s; shorten the texts"
    ]
    assert dict(doc.problems[0].params) == {"size": str(50 * 1024**3), "limit": str(MAX_FILE_BYTES)}


def test_with_a_build_cache_only_changed_files_are_worked_out_again(tmp_path, monkeypatch, translations_path):
    from plugins.pages import boundary
    from tests.conftest import build_site

    seen: list[str] = []
    monkeypatch.setitem(boundary._probes, "counting", lambda context, group: seen.append(group.slug))
    content, output = site_with_broken_copy(tmp_path)
    cache = {"GROUPS_CACHE_PATH": str(tmp_path / "cache"), "DELETE_OUTPUT_DIRECTORY": False}
    build_site(content, output, translations_path, **cache)
    assert BROKEN in seen and len(seen) == len(group_files(content / "groups"))
    seen.clear()
    broken = content / "groups" / f"{BROKEN}.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("18:00", "18:15"), encoding="utf-8")
    build_site(content, output, translations_path, **cache)
    assert seen == [BROKEN]
