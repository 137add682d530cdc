"""Languages of the site: direction, names, dates and gettext catalogues."""

from __future__ import annotations

import gettext as stdlib_gettext
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale
from babel.support import Translations

logger = logging.getLogger(__name__)

# Every CLDR plural category of the site's languages has a number below this (Arabic "other": 100).
PLURAL_SAMPLES = 200


@dataclass(frozen=True)
class Language:
    """One site language: its code, writing direction, own name, Babel locale and catalogue."""

    code: str
    direction: str
    name: str
    locale: Locale
    translations: stdlib_gettext.NullTranslations
    # The locale whose calendar data names the months (theme/i18n/ar.yaml: Levantine month names).
    date_locale: Locale | None = None

    @property
    def dates(self) -> Locale:
        """The Babel locale to write dates with."""
        return self.date_locale or self.locale

    @property
    def date_tag(self) -> str:
        """The same for the browser's Intl.DateTimeFormat, with Western digits as the pages write them."""
        return f"{self.dates.language}{'-' + self.dates.territory if self.dates.territory else ''}-u-nu-latn"

    def gettext(self, message: str) -> str:
        """Translate a UI string."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a UI string with a count."""
        return self.translations.ngettext(singular, plural, n)

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """The translation for each CLDR plural category, for the browser's Intl.PluralRules to choose from."""
        rule = self.locale.plural_form
        # The catalogue's forms are chosen by number, so each category is asked with a number of its own.
        samples: dict[str, int] = {}
        for n in range(PLURAL_SAMPLES):
            samples.setdefault(rule(n), n)
        return {category: self.ngettext(singular, plural, n) for category, n in samples.items()}


def load_languages(codes: tuple[str, ...], info_path: str, translations_path: str) -> dict[str, Language]:
    """Load every site language; a missing catalogue is logged and English strings are used."""
    languages = {}
    for code in codes:
        info_file = Path(info_path) / f"{code}.yaml"
        info = yaml.safe_load(info_file.read_text(encoding="utf-8")) if info_file.exists() else {}
        if not info:
            logger.error("no language file %s; add direction, name and locale", info_file)
        locale = Locale.parse(info.get("locale", code))
        mo = Path(translations_path) / code / "LC_MESSAGES" / "messages.mo"
        po = mo.with_suffix(".po")
        if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
            logger.error("the %s catalogue is not compiled; run: .venv/bin/invoke i18n-compile", code)
        translations = Translations.load(translations_path, [code])
        languages[code] = Language(
            code=code,
            direction=info.get("direction") or ("rtl" if locale.character_order == "right-to-left" else "ltr"),
            name=info.get("name") or locale.get_display_name(locale),
            locale=locale,
            translations=translations,
            date_locale=Locale.parse(info["date_locale"]) if info.get("date_locale") else None,
        )
    return languages
