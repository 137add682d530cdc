"""The templates' gettext: `_()`, `{% trans %}` and `ngettext` in the language of the page being rendered."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from directory.i18n import Language


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

    @pass_context
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

    @pass_context
    def plural_forms(ctx: Context, singular: str, plural: str) -> str:
        # JSON for a data- attribute: the page's script picks the form with Intl.PluralRules.
        return json.dumps(languages[context_language(ctx)].plural_forms(singular, plural), ensure_ascii=False)

    env.globals.update(gettext=direct_gettext, _=direct_gettext, plural_forms=plural_forms)
