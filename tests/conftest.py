"""Shared fixtures: compiled catalogues and real Pelican builds of content trees."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
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
    found = load_languages(LANGUAGES, settings["GROUPS_LANGUAGE_INFO_PATH"], settings["GROUPS_TRANSLATIONS_PATH"])
    return {code: language.direction for code, language in found.items()}


DIRECTIONS = _directions()
# The right-to-left languages, for the tests of bidirectional text.
RTL = tuple(code for code in LANGUAGES if DIRECTIONS[code] == "rtl")


@pytest.fixture(scope="session")
def translations_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's .po catalogues compiled into a temporary folder (the tree is left untouched)."""
    target = tmp_path_factory.mktemp("translations")
    for po in (ROOT / "theme" / "translations").glob("*/LC_MESSAGES/messages.po"):
        out = target / po.relative_to(ROOT / "theme" / "translations")
        out.parent.mkdir(parents=True)
        shutil.copy(po, out)
        with po.open("rb") as source, out.with_suffix(".mo").open("wb") as mo:
            write_mo(mo, read_po(source))
    return target


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
    """The bundled sample directory, built once per test session: every test that only reads it shares it."""
    logging.getLogger("pelican").setLevel(logging.WARNING)
    return build_site(ROOT / "content", tmp_path_factory.mktemp("sample") / "output", translations_path)


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


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory, translations_path: Path) -> tuple[Path, list]:
    """The hostile fixture site (tests/fixtures/sites/xss), built once per session; (output, log records)."""
    return build_recording(
        FIXTURES / "sites" / "xss" / "content", tmp_path_factory.mktemp("xss") / "output", translations_path
    )
