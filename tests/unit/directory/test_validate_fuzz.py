"""Property: however a valid group file is mangled, reading it ends in a Group or in problems, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.files.reader import read_group, read_taxonomy
from directory.settings import reader_context
from tests.conftest import LANGUAGES, ROOT, SETTINGS

SAMPLE = (ROOT / "content" / "groups" / "haifa-hearing-voices.yaml").read_text(encoding="utf-8")
TAXONOMY, _ = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
CONTEXT = reader_context(SETTINGS, TAXONOMY, dt.date(2026, 11, 22))
# Characters that break YAML, spoof text or confuse parsers, mixed with ordinary letters.
NASTY = st.sampled_from(
    [
        *list(":-[]{}#&*!|>'\"%@`,?\t\\\n "),
        "\u202e",
        "\u2066",
        "\u200b",
        "\x00",
        "\x07",
        "ש",
        "ع",
        "é",
        "0",
        "~",
        "null",
        "yes",
    ]
)
TEXT = st.lists(st.one_of(NASTY, st.characters(codec="utf-8")), max_size=12).map("".join)


def check(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzzed.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    group, problems = read_group(path, CONTEXT)
    errors = [p for p in problems if p.level == "error"]
    assert (group is None) == bool(errors), problems
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert str(problem)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_line_mutations_never_crash(tmp_path, data):
    lines = SAMPLE.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "truncate", "splice"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "insert":
            lines.insert(index, data.draw(TEXT))
        elif action == "indent":
            lines[index] = " " * data.draw(st.integers(0, 5)) + line.lstrip()
        elif action == "truncate":
            lines[index] = line[: data.draw(st.integers(0, len(line)))]
        else:
            at = data.draw(st.integers(0, len(line)))
            lines[index] = line[:at] + data.draw(TEXT) + line[at:]
        if not lines:
            break
    check(tmp_path, "\n".join(lines) + "\n")


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | TEXT
    | st.dates().map(str),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_value_mutations_never_crash(tmp_path, data):
    group = yaml.safe_load(SAMPLE)
    target = group
    path = []
    while isinstance(target, dict | list) and target and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(list(target) if isinstance(target, dict) else list(range(len(target)))))
        path.append(key)
        if not isinstance(target[key], dict | list):
            break
        target = target[key]
    if isinstance(target, dict) and target:
        key = data.draw(st.sampled_from(list(target)))
        target[key] = data.draw(VALUES)
    check(tmp_path, yaml.safe_dump(group, allow_unicode=True))
