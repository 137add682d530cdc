"""The form lists a group being founded: "Start a group" opens it with status forming chosen."""

from __future__ import annotations

import pytest

from ..conftest import LANGUAGES
from .conftest import screenshot
from .test_accessibility import axe_violations
from .test_submit import assert_valid_canonical, build_with, check, produced_yaml

pytestmark = pytest.mark.e2e

TEXT = {
    "he": ("קבוצה חדשה להורים לילדים עם ADHD", "קבוצת הורים בהקמה. מחפשים הורים נוספים."),
    "ar": ("مجموعة جديدة لأهالي أطفال مع ADHD", "مجموعة أهالٍ قيد التأسيس. نبحث عن أهالٍ آخرين."),
    "en": ("New group for parents of children with ADHD", "A parents' group being founded. Looking for parents."),
    "ru": ("Новая группа для родителей детей с СДВГ", "Группа родителей в процессе создания. Ищем других родителей."),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_new_group_without_set_times(visit, page, lang, tmp_path, translations_path):
    page.set_viewport_size({"width": 390, "height": 844})
    visit(f"/{lang}/start/")
    page.locator('a[href$="/submit/?status=forming"]').click()
    page.wait_for_selector("#submit-app[data-ready]")
    assert page.locator(".forming-fields").is_visible()
    assert page.locator("#f-looking_for-members").is_checked()
    name, summary = TEXT[lang]
    page.fill(f'[data-path="name.{lang}"]', name)
    page.fill(f'[data-path="summary.{lang}"]', summary)
    page.select_option('[data-path="topics"]', "parenting")
    page.check("#f-looking_for-co-facilitator")
    page.fill('[data-path="planned_start"]', "2027-03-01")
    page.fill(f'[data-path="how_to_join.{lang}"]', summary)
    page.check("#f-no-schedule")
    assert not page.locator("#meetings").is_visible()
    page.check("#f-attendance-in-person")
    page.select_option('[data-path="location.city"]', "beer-sheva")
    page.fill('[data-path="contact.phone"]', "08-555-0123")
    assert axe_violations(page) == []
    check(page)
    text = produced_yaml(page)
    assert "\nstatus: forming\nlooking_for: [members, co-facilitator]\nplanned_start: 2027-03-01\n" in text
    assert "schedule:" not in text
    slug = page.input_value("#f-slug")
    assert_valid_canonical(tmp_path, slug, text)
    screenshot(page, f"submit-{lang}-forming")
    output = build_with(tmp_path, translations_path, slug, text)
    html = (output / lang / "groups" / slug / "index.html").read_text(encoding="utf-8")
    assert "status-forming" in html and 'class="next-dates"' not in html
    assert slug in (output / lang / "start" / "index.html").read_text(encoding="utf-8")
