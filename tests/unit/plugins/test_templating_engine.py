"""The template engine's shortcuts: partials rendered once per language, helpers without derived contexts."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment
from jinja2.runtime import Context

from plugins.pages.gettext import install_gettext, page_helper
from plugins.pages.templating import Once, once_partials


class Catalogue:
    """A language whose catalogue marks each message with its code."""

    def __init__(self, code: str) -> None:
        self.code = code

    def gettext(self, message: str) -> str:
        return f"{self.code}:{message}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def environment(templates: dict[str, str]) -> tuple[Environment, list[str]]:
    """Our gettext and {% once %} on in-memory templates; the list records which pages a helper saw."""
    env = Environment(
        loader=DictLoader(templates),
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.add_extension(Once)
    install_gettext(env, {"he": Catalogue("he"), "ar": Catalogue("ar")})  # type: ignore[dict-item]
    seen: list[str] = []

    @page_helper
    def page_lang(ctx: Any) -> str:
        seen.append(ctx["lang"])
        return str(ctx["lang"])

    env.globals["page_lang"] = page_lang
    return env, seen


BASE = '<header>\n  {% once "nav.html" %}\n  {% include "tools.html" %}\n</header>\n'
NAV = "<nav>{{ _('Menu') }} {{ page_lang() }}</nav>\n"
TOOLS = "<p>{{ page }}</p>\n"


def test_once_renders_a_partial_once_per_language_with_the_whitespace_of_an_include() -> None:
    env, seen = environment({"base.html": BASE, "nav.html": NAV, "tools.html": TOOLS})
    included, _ = environment(
        {
            "base.html": BASE.replace('{% once "nav.html" %}', '{% include "nav.html" %}'),
            "nav.html": NAV,
            "tools.html": TOOLS,
        }
    )
    for page in range(3):
        for lang in ("he", "ar"):
            html = env.get_template("base.html").render(lang=lang, page=page)
            assert html == included.get_template("base.html").render(lang=lang, page=page)
            assert f"<nav>{lang}:Menu {lang}</nav>" in html and f"<p>{page}</p>" in html
    assert seen == ["he", "ar"]  # the partial ran once per language, not once per page


def test_once_partials_are_found_by_the_template_analysis() -> None:
    env, _ = environment({"base.html": BASE, "nav.html": NAV, "tools.html": TOOLS})
    assert once_partials(env.parse(BASE)) == ["nav.html"]


def test_a_helper_in_a_block_or_loop_sees_what_jinja_would_show_it() -> None:
    """Where a block or loop sets none of the page's names, helpers get the page's context; where it does, a derived one."""
    page = (
        "{% set note = 'x' %}{{ _('Hello') }} {{ page_lang() }}"
        "{% for item in [1] %}{% set lang = 'ar' %} {{ _('Hello') }} {{ page_lang() }}{% endfor %}"
        "{% for item in [1] %} {{ _('Hello') }}{% endfor %}"
        "{% set lang = 'ar' %} {{ _('Hello') }}"
    )
    env, _ = environment({"page.html": "{% block content %}" + page + "{% endblock %}"})
    plain, _ = environment({"page.html": "{% block content %}" + page + "{% endblock %}"})
    plain.context_class = Context  # Jinja's own
    expected = "he:Hello he ar:Hello ar he:Hello ar:Hello"
    assert (
        env.get_template("page.html").render(lang="he") == plain.get_template("page.html").render(lang="he") == expected
    )
