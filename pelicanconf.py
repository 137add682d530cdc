"""Pelican settings for building the directory locally (see publishconf.py for publishing)."""

SITENAME = "Support groups directory"
SITEURL = ""
AUTHOR = "Support groups directory volunteers"
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Jerusalem"
DEFAULT_LANG = "he"

# The site's languages (the first is the default) and, for each, the languages a group's text is shown
# in when it has none in the page's: most groups write Hebrew, and Russian readers here mostly read
# Hebrew (then English) — the fallback text is marked with its own lang and a notice naming it.
GROUPS_LANGUAGES = ("he", "ar", "en", "ru")
GROUPS_FALLBACKS = {
    "he": ("en", "ar", "ru"),
    "ar": ("he", "en", "ru"),
    "en": ("he", "ar", "ru"),
    "ru": ("he", "en", "ar"),
}

# The project root is the plugin path, so Pelican, tasks and tests all import `plugins.pages`.
PLUGIN_PATHS = ["."]
PLUGINS = ["plugins.pages", "plugins.exporters", "plugins.search_index", "plugins.submit_form"]
# autoescape: group files are untrusted, so every value is escaped unless marked safe.
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}

# Only our generator writes group pages and home pages; Pelican renders the content pages.
ARTICLE_PATHS: list[str] = []
ARTICLE_EXCLUDES = ["groups"]
PAGE_PATHS = ["pages"]
PAGE_URL = PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DIRECT_TEMPLATES: list[str] = []
STATIC_PATHS: list[str] = []
for _kind in (
    "AUTHOR",
    "CATEGORY",
    "TAG",
    "ARCHIVES",
    "AUTHORS",
    "CATEGORIES",
    "TAGS",
    "ARTICLE",
    "ARTICLE_LANG",
    "DRAFT",
    "DRAFT_LANG",
    "DRAFT_PAGE",
    "DRAFT_PAGE_LANG",
):
    globals()[f"{_kind}_SAVE_AS"] = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
SLUGIFY_SOURCE = "basename"
