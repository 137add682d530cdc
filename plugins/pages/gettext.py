"""The templates' gettext: `_()`, `{% trans %}` and `ngettext` in the language of the page being rendered."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from directory.i18n import Language

Helper = TypeVar("Helper", bound=Callable[..., Any])
# All that page helpers read from the page's context.
PAGE_NAMES = frozenset(
    {
        "lang",
        "page",
        "article",
        "DEFAULT_LANG",
        "groups_site",
        "taxonomy",
        "today",
        "alternate_urls",
        "SITEURL",
        "organizations",
    }
)


def page_helper(function: Helper) -> Helper:
    """A template helper that reads the page's context, and only PAGE_NAMES of it (see PageContext)."""
    function.page_helper = True  # type: ignore[attr-defined]
    return pass_context(function)


class PageContext(Context):
    """Jinja's Context, without a copy of the whole context for each page helper called inside a block or loop.

    Jinja gives a pass_context helper called where a block or loop has set variables a derived context
    holding them: a copy of every setting, some fifty times a group page, a third of its rendering. A
    page helper reads only PAGE_NAMES; when the block or loop sets none of them, it gets the page's own
    context, which holds the same values.
    """

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call `__obj` as Jinja does; a page helper without deriving a context when that changes nothing."""
        if getattr(__obj, "page_helper", False):
            loop_vars = kwargs.pop("_loop_vars", None) or {}
            block_vars = kwargs.pop("_block_vars", None) or {}
            if PAGE_NAMES.isdisjoint(loop_vars) and PAGE_NAMES.isdisjoint(block_vars):
                return __obj(__self, *args, **kwargs)
            kwargs.update(_loop_vars=loop_vars, _block_vars=block_vars)
        return super().call(__obj, *args, **kwargs)


def context_language(ctx: Context | dict[str, Any]) -> str:
    """The language of the page being rendered: ours pass `lang`; Pelican pages carry `page.lang`."""
    lang = ctx.get("lang")
    if lang:
        return lang
    content = ctx.get("page") or ctx.get("article")
    return getattr(content, "lang", None) or ctx["DEFAULT_LANG"]


def install_gettext(env: Environment, languages: dict[str, Language]) -> None:
    """Make `_()`, `{% trans %}` and `ngettext` in templates translate into the page's language."""

    @pass_context
    def gettext(ctx: Context, message: str) -> str:
        return languages[context_language(ctx)].gettext(message)

    @pass_context
    def ngettext(ctx: Context, singular: str, plural: str, n: int) -> str:
        return languages[context_language(ctx)].ngettext(singular, plural, n)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    translated: dict[tuple[str, str, bool], str] = {}

    @page_helper
    def direct_gettext(ctx: Context, message: str, **variables: Any) -> str:
        # What Jinja's newstyle gettext does, in one call instead of three and remembered: a page calls
        # it some seventy times, and it was the largest single cost of rendering one.
        key = (context_language(ctx), message, ctx.eval_ctx.autoescape)
        found = translated.get(key)
        if found is None:
            found = languages[key[0]].gettext(message)
            translated[key] = found = Markup(found) if key[2] else found
        # Jinja always treats the text as a format string ("%%" → "%"); with no variables and no "%"
        # that changes nothing.
        return found % variables if variables or "%" in found else found

    forms: dict[tuple[str, str, str], str] = {}

    @pass_context
    def plural_forms(ctx: Context, singular: str, plural: str) -> str:
        # JSON for a data- attribute: the page's script picks the form with Intl.PluralRules. Remembered:
        # every listing page asks, and each answer tries the language's plural rule on 200 numbers (0.5 ms).
        key = (context_language(ctx), singular, plural)
        found = forms.get(key)
        if found is None:
            found = forms[key] = json.dumps(languages[key[0]].plural_forms(singular, plural), ensure_ascii=False)
        return found

    env.globals.update(gettext=direct_gettext, _=direct_gettext, plural_forms=plural_forms)
    env.context_class = PageContext
