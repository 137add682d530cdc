"""One table of fixed values' labels: every value the model allows has one, and every reader uses it."""

from __future__ import annotations

from typing import get_args

import pytest

from directory import vocabulary
from directory.i18n import load_languages
from directory.model import Biweekly, Cohort, Group, Monthly, Online, Unscheduled, Weekly
from directory.organization import Organization
from tests.conftest import SETTINGS


def allowed(model, name: str) -> set[str]:
    """The values a Literal field of the model allows."""
    args = get_args(model.model_fields[name].annotation)
    return {a for a in args if isinstance(a, str)} | {a for arg in args for a in get_args(arg) if isinstance(a, str)}


@pytest.mark.parametrize("field", ["facilitation", "attendance", "membership", "cost", "status"])
def test_every_value_of_a_group_field_has_a_label(field):
    assert set(vocabulary.LABELS[field]) == allowed(Group, field)
    assert set(vocabulary.FACILITATION_HELP) == allowed(Group, "facilitation")


def test_every_kind_and_offer_of_an_organisation_has_a_label():
    assert set(vocabulary.LABELS["kind"]) == allowed(Organization, "kind")
    offers = {a for a in get_args(get_args(Organization.model_fields["offers"].annotation)[0]) if isinstance(a, str)}
    assert set(vocabulary.LABELS["offers"]) == offers


def test_every_platform_and_repeat_has_a_label():
    assert set(vocabulary.PLATFORMS) == allowed(Online, "platform")
    repeats = set().union(*(allowed(kind, "repeat") for kind in (Weekly, Biweekly, Monthly, Cohort, Unscheduled)))
    assert set(vocabulary.LABELS["repeat"]) == repeats


def test_labels_are_translated_in_every_language_but_brand_names(translations_path):
    languages = load_languages(SETTINGS["GROUPS_LANGUAGES"], SETTINGS["GROUPS_LANGUAGE_INFO_PATH"], translations_path)
    for code in (code for code in languages if code != "en"):  # the msgids are English
        gettext = languages[code].gettext
        for field in ("facilitation", "attendance", "membership", "cost", "status", "kind", "offers"):
            untranslated = [v for v, label in vocabulary.translated(field, gettext).items() if label.isascii()]
            assert untranslated == [], (code, field)
        platforms = vocabulary.translated("platform", gettext)
        assert platforms["zoom"] == "Zoom" and not platforms["phone"].isascii()
