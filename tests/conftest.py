"""Shared fixtures: compiled catalogues and real Pelican builds of content trees."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from _pytest.pathlib import LOCK_TIMEOUT, cleanup_numbered_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from commands.build import run, site_settings
from directory.settings import site_settings as groups_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# The site's languages, as pelicanconf.py sets them: every test "in every language" follows them.
# The site's groups settings as pelicanconf.py sets them (a copy: a test may patch it).
SETTINGS = dict(groups_settings())
LANGUAGES = tuple(SETTINGS["GROUPS_LANGUAGES"])


def _directions() -> dict[str, str]:
    """Each site language's writing direction, as the site decides it (theme/i18n, else CLDR)."""
    from directory.i18n import load_languages

    settings = groups_settings()
    # No catalogue is read for a direction, so no "not compiled" warning (tests compile theirs: translations_path).
    found = load_languages(LANGUAGES, settings["GROUPS_LANGUAGE_INFO_PATH"], str(FIXTURES / "no-catalogues"))
    return {code: language.direction for code, language in found.items()}


DIRECTIONS = _directions()
# The right-to-left languages, for the tests of bidirectional text.
RTL = tuple(code for code in LANGUAGES if DIRECTIONS[code] == "rtl")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remove earlier runs' temporary folders while this run works, not after it as pytest would: a run
    leaves tens of thousands of files (built sites), and this disk deletes about one a millisecond."""
    config = session.config
    factory = getattr(config, "_tmp_path_factory", None)
    if hasattr(config, "workerinput") or factory is None or config.option.basetemp:
        return  # a pytest-xdist worker (its folder is in the main process's), or a folder the user chose
    if config.getini("tmp_path_retention_policy") != "all":
        return
    basetemp = factory.getbasetemp()
    keep = int(config.getini("tmp_path_retention_count"))
    # pytest's own clean-up, with its locks: a folder another run still uses is left alone; what the thread
    # has not reached when the run ends, pytest's clean-up then removes, and what it was removing, the next run's.
    dead_before = basetemp.stat().st_mtime - LOCK_TIMEOUT
    args = (basetemp.parent, "pytest-", keep, dead_before)
    threading.Thread(target=cleanup_numbered_dir, args=args, daemon=True, name="old-tmp-cleanup").start()


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder `make` fills once per test run: with pytest-xdist the first worker makes it, the others wait for it."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = factory.mktemp(name)
        make(folder)
        return folder
    # Every worker's temporary folder is inside the run's own (pytest-xdist docs: session fixtures made once).
    run = factory.getbasetemp().parent
    folder = run / name
    with (run / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (run / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed making it left half of it
            folder.mkdir()
            make(folder)
            (run / f"{name}.done").touch()
    return folder


def compile_catalogues(target: Path) -> None:
    """Compile the project's .po catalogues into `target`, laid out as theme/translations is."""
    for po in (ROOT / "theme" / "translations").glob("*/LC_MESSAGES/messages.po"):
        out = target / po.relative_to(ROOT / "theme" / "translations")
        out.parent.mkdir(parents=True)
        shutil.copy(po, out)
        with po.open("rb") as source, out.with_suffix(".mo").open("wb") as mo:
            write_mo(mo, read_po(source))


@pytest.fixture(scope="session")
def translations_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's .po catalogues compiled into a temporary folder (the tree is left untouched)."""
    return made_once(tmp_path_factory, "translations", compile_catalogues)


def build_site(content: Path, output: Path, translations: Path, **overrides: object) -> Path:
    """Build `content` into `output` through the real Pelican with the project's settings."""
    settings = {
        "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / "cache"),
        "GROUPS_TRANSLATIONS_PATH": str(translations),
        **overrides,
    }
    run(site_settings(content, output, **settings))
    return output


def sample_subset(folder: Path, *slugs: str) -> Path:
    """A copy of the sample content with only these groups: a small site for a test that needs other settings."""

    def left_out(directory: str, names: list[str]) -> list[str]:
        return [name for name in names if Path(directory).name == "groups" and Path(name).stem not in slugs]

    content = folder / "content"
    shutil.copytree(ROOT / "content", content, ignore=left_out)
    assert len(list((content / "groups").iterdir())) == len(slugs), slugs
    return content


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, translations_path: Path) -> Path:
    """The bundled sample directory, built once per test run: every test that only reads it shares it."""
    logging.getLogger("pelican").setLevel(logging.WARNING)
    content = ROOT / "content"
    folder = made_once(tmp_path_factory, "sample", lambda f: build_site(content, f / "output", translations_path))
    return folder / "output"


def build_recording(content: Path, output: Path, translations: Path) -> tuple[Path, list[logging.LogRecord]]:
    """Build `content`; return the output and every record logged on the way (warnings and errors included)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logging.getLogger().addHandler(handler)
    try:
        build_site(content, output, translations)
    finally:
        logging.getLogger().removeHandler(handler)
    return output, records


def _build_keeping_records(content: Path, folder: Path, translations: Path) -> None:
    """Build `content` into folder/output and keep what it logged in folder/records.json (for every worker)."""
    _, records = build_recording(content, folder / "output", translations)
    kept = [{"levelno": r.levelno, "levelname": r.levelname, "name": r.name, "msg": r.getMessage()} for r in records]
    (folder / "records.json").write_text(json.dumps(kept), encoding="utf-8")


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory, translations_path: Path) -> tuple[Path, list]:
    """The hostile fixture site (tests/fixtures/sites/xss), built once per run; (output, log records)."""
    content = FIXTURES / "sites" / "xss" / "content"
    folder = made_once(tmp_path_factory, "xss", lambda f: _build_keeping_records(content, f, translations_path))
    kept = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    return folder / "output", [logging.makeLogRecord(record) for record in kept]
