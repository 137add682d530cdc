"""UI strings: every template and plugin string is in the catalogues and translated."""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest
from babel.messages.pofile import read_po

from tasks import extract_command

from .conftest import LANGUAGES, ROOT

CATALOGUES = ROOT / "theme" / "translations"
# The msgids are English: every other site language has a catalogue to complete.
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")


def catalogue(lang: str):
    with (CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_pot_is_up_to_date(tmp_path):
    out = tmp_path / "messages.pot"
    subprocess.run(shlex.split(extract_command(str(out))), cwd=ROOT, check=True, capture_output=True)
    fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(out.open("rb")) if m.id}
    committed = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue("he") if m.id}
    assert fresh - committed == set(), "run: .venv/bin/invoke i18n-extract, then translate"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_translated(lang):
    untranslated = [
        m.id for m in catalogue(lang) if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert untranslated == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_survive_translation(lang):
    for message in catalogue(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\((\w+)\)s", ids[-1]))
        for string in strings:
            # A plural form may spell out the number ("מפגש אחד") but never invents a placeholder.
            assert set(re.findall(r"%\((\w+)\)s", string)) <= wanted | {"num"}, (message.id, string)
            if len(strings) == 1:
                assert set(re.findall(r"%\((\w+)\)s", string)) == wanted, (message.id, string)


def test_templates_hold_no_bare_text():
    """Text between tags in templates must go through _() (numbers and punctuation aside)."""
    offenders = []
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        source = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", "", template.read_text(encoding="utf-8"), flags=re.S)
        source = re.sub(r"<(script|style)\b.*?</\1>", "", source, flags=re.S)
        for text in re.findall(r">([^<]+)<", source):
            if re.search(r"[^\W\d_]{2,}", text) and text.strip() not in {
                "Zoom",
                "Google Meet",
                "Microsoft Teams",
                "Jitsi",
                "WhatsApp",
                "Telegram",
            }:
                offenders.append(f"{template.name}: {text.strip()}")
    assert offenders == []
