"""The form's YAML emitter (theme/static/js/submit/canonical.js) writes what `invoke fmt` writes.

Node runs the JavaScript emitter (through tests/parity/test_submit_node.mjs) over:
- every sample group's data, read with the Python reader (`load_document(path).data`): the text must be
  the file's own (the sample files are canonical: `invoke fmt --check` passes) and `dump_group`'s;
- tests/parity/vectors/canonical/texts.json: texts that need quotes, escapes or a literal block, keys of every
  kind of mapping, numbers Python writes in its own way. The vectors hold Python's output; regenerate them
  (after a deliberate change to canonical.py and canonical.js) with
  `.venv/bin/python -m tests.test_submit_canonical`.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from commands.fmt import is_canonical
from directory.files.canonical import GROUP_LAYOUT, TEXT, Layout, Meetings, dump_group, layout_text
from directory.files.reader import group_files, load_document
from tests.conftest import ROOT, SETTINGS

NODE = shutil.which("node")
RUNNER = ROOT / "tests" / "parity" / "test_submit_node.mjs"
VECTORS = ROOT / "tests" / "parity" / "vectors" / "canonical" / "texts.json"
SAMPLES = group_files(ROOT / "content" / "groups")
LANGUAGES = tuple(SETTINGS["GROUPS_LANGUAGES"])

needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def run_node(request: dict[str, Any]) -> Any:
    """Run the JavaScript half on one request (see tests/parity/test_submit_node.mjs); return its JSON answer."""
    if NODE is None:
        pytest.fail("node is needed for the form's parity tests")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(request, handle, ensure_ascii=False)
    try:
        result = subprocess.run(
            [NODE, str(RUNNER), handle.name], capture_output=True, text=True, check=False, cwd=ROOT, timeout=120
        )
    finally:
        Path(handle.name).unlink()
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- The vectors ------------------------------------------------------------------------------------

TRICKY = [
    "plain words",
    "",
    " leading space",
    "trailing space ",
    "yes",
    "No",
    "ON",
    "off",
    "~",
    "null",
    "Null",
    "true",
    "=",
    "<<",
    "y",
    ".inf",
    "-.INF",
    ".NaN",
    ".ınf",
    ".İnf",
    "123",
    "0x1F",
    "0o17",
    "1_000",
    "18:00",
    "2026-01-01",
    "2026-1-1 and more",
    "1e3",
    "+1",
    "-",
    "- item",
    "-dash",
    "?question",
    ":colon",
    "a: b",
    "a:b",
    "ends with colon:",
    "hash # comment",
    "hash#tag",
    "#hashtag",
    "&anchor",
    "*alias",
    "!tag",
    "|pipe",
    ">folded",
    "'single'",
    '"double"',
    "%percent",
    "@at",
    "`tick`",
    "comma, inside",
    "[brackets]",
    "{braces}",
    "back\\slash",
    'quote " inside',
    "tab\tinside",
    "bell\x07",
    "del\x7f",
    "nel\x85",
    "line\u2028separator",
    "bom\ufeffinside",
    "non-char \uffff",
    "zero\u200bwidth",
    "bidi \u202e override",
    "emoji 🙂 and 𝔘",
    "עברית: עם נקודתיים",
    "עברית #תגית",
    "عربي، مع فاصلة",
    "Ünïcödé ✓",
    "line one\nline two",
    "para one\n\npara two\n- item\n- item two",
    "\nstarts with a line break",
    "ends with a line break\n",
    " indented first\nsecond",
    "trailing space \nsecond",
    "tab\tline\nsecond",
    "carriage\r\nreturn",
    "two\n\n\nblank lines",
    "last line empty\n\n",
    "**bold** and _under_",
    "K",
    "ſ",
]

FLOATS = [32.8156, 34.9892, 0.1, 1.5, -3.25, 1e-05, 0.0001, 0.00012345, 1.5e-16, 123456789.123, 2.5e-07, 31.7683]


def _base() -> dict[str, Any]:
    """A group with every field and every kind of meeting."""
    return json.loads((ROOT / "tests" / "parity" / "vectors" / "canonical" / "base.json").read_text(encoding="utf-8"))


def _small() -> dict[str, Any]:
    """A small group, to vary one value at a time."""
    return {
        "name": {"en": "Name"},
        "summary": {"en": "Summary."},
        "topics": ["bereavement"],
        "facilitation": "peer",
        "languages": ["he"],
        "attendance": "in-person",
        "membership": "open",
        "cost": "free",
        "schedule": [{"repeat": "weekly", "days": ["tue"], "start": "18:00"}],
        "location": {"city": "haifa"},
        "contact": {"email": "a@example.org"},
        "verified": "2026-10-15",
    }


def _random_texts(count: int, seed: int = 7) -> list[str]:
    """Seeded texts from an alphabet rich in YAML's special characters, spaces and line breaks."""
    rng = random.Random(seed)
    alphabet = [*"ab01:#-?,[]{}&*!|>'\"%@` \n\t.\\_+~=<", "א", "ب", "\u200f", "\x85", "🙂", "\u2028", "e", "E"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(count)]


def build_vectors() -> list[dict[str, Any]]:
    """Each vector: a group's data with one value replaced, and Python's canonical text of it."""
    vectors = [{"name": "every field", "data": _base()}]
    for index, text in enumerate(TRICKY + _random_texts(250)):
        data = _small()
        data["organization"] = {"en": text, "he": text}
        data["description"] = {"ar": text, "zz": "other language", "en": text}
        data["location"]["venue"] = {"he": text}
        data["contact"]["phone"] = text
        data["languages"] = [text, "he"]
        vectors.append({"name": f"text-{index}", "data": data})
    for value in FLOATS:
        data = _small()
        data["location"]["geo"] = [value, -value]
        vectors.append({"name": f"float-{value!r}", "data": data})
    data = _small()
    data["location"] = {}
    data["audience"] = []
    vectors.append({"name": "empty mappings and lists", "data": data})
    for vector in vectors:
        vector["text"] = layout_text(vector["data"], LANGUAGES)
    return vectors


# --- Tests ------------------------------------------------------------------------------------------


def test_samples_are_canonical_to_start_with():
    assert SAMPLES
    assert [p.name for p in SAMPLES if not is_canonical(p)] == []


@needs_node
def test_javascript_writes_every_sample_file_byte_for_byte():
    datas = [load_document(path).data for path in SAMPLES]
    answers = run_node({"mode": "dump", "languages": list(LANGUAGES), "cases": datas})
    for path, data, answer in zip(SAMPLES, datas, answers, strict=True):
        text = path.read_text(encoding="utf-8")
        assert dump_group(data, LANGUAGES) == text, path.name
        assert answer == {"text": text}, path.name


def test_vectors_are_python_s_output():
    """The stored vectors still are what canonical.py writes (else regenerate them, see the docstring)."""
    stored = json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]
    assert len(stored) >= 300
    for vector in stored:
        assert layout_text(vector["data"], LANGUAGES) == vector["text"], vector["name"]


@needs_node
def test_javascript_matches_every_vector():
    stored = json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]
    answers = run_node({"mode": "dump", "languages": list(LANGUAGES), "cases": [v["data"] for v in stored]})
    mismatches = [v["name"] for v, answer in zip(stored, answers, strict=True) if answer != {"text": v["text"]}]
    assert mismatches == []


def _python_layout(shape: Any) -> Any:
    if shape == TEXT:
        return "text"
    if isinstance(shape, Meetings):
        return {"kinds": {tag: _python_layout(kind) for tag, kind in shape.kinds.items()}}
    assert isinstance(shape, Layout)
    return {
        "order": list(shape.order),
        "children": {key: _python_layout(child) for key, child in shape.children.items() if child is not None},
    }


@needs_node
def test_javascript_key_order_is_the_model_s():
    """canonical.js spells out rule 3; it must stay what canonical.py reads from the model."""
    assert run_node({"mode": "layout"}) == _python_layout(GROUP_LAYOUT)


if __name__ == "__main__":
    lines = ",\n".join(json.dumps(vector, ensure_ascii=False) for vector in build_vectors())
    VECTORS.write_text('{"vectors": [\n' + lines + "\n]}\n", encoding="utf-8")
    print(f"wrote {VECTORS}")
