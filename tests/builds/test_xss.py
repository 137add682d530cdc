"""Hostile group files pushed through a real Pelican build: nothing in the output may run, load or break out."""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from directory.render import ALLOWED_TAGS, markdown_to_html
from tests.conftest import FIXTURES, LANGUAGES

CONTENT = FIXTURES / "sites" / "xss" / "content"
GROUPS = sorted(path.stem for path in (CONTENT / "groups").glob("*.yaml"))

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes a browser follows, loads or submits to.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
    "xlink:href",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "srcdoc",
}
# Nothing the theme writes uses these; only injected markup could bring them in.
FORBIDDEN_TAGS = [
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "style",
    "base",
    "svg",
    "math",
    "video",
    "audio",
    "source",
    "track",
    "noscript",
    "template",
    "details",
]
# Tags that make the browser fetch their src/href.
LOADING_TAGS = ["img", "script", "link", "iframe", "source", "video", "audio", "embed", "object", "input", "track"]
EXTERNAL_REL = {"nofollow", "ugc", "noopener", "noreferrer"}
JINJA = ("{{ 7*7 }}", "{% raw %}")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")

# The URLs in the fixture files, exactly as the attributes must carry them.
MARKDOWN_WEBSITE = "https://example.org/'onfocus='alert(1)'autofocus='>x&lt;"
MARKDOWN_JOIN = "https://example.org/join?a=1&b='onmouseover='alert(1)'&c=>x&amp;d=1"
MARKDOWN_EMAIL = "o'brien+{{7*7}}&x@example.org"
PLAIN_WEBSITE = "http://example.org/?q='>{{7*7}}&x=1"
PLAIN_JOIN = "https://example.org/forum/'onfocus='alert(1)'autofocus='"


@pytest.fixture(scope="module")
def site(xss_site) -> tuple[Path, list[logging.LogRecord]]:
    return xss_site


@pytest.fixture(scope="module")
def pages(site) -> dict[str, tuple[str, BeautifulSoup]]:
    """Every HTML file of the output: its raw text and its parse."""
    output = site[0]
    found = {}
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        found[path.relative_to(output).as_posix()] = (text, BeautifulSoup(text, "html.parser"))
    return found


def soup_of(pages, lang: str, slug: str) -> BeautifulSoup:
    return pages[f"{lang}/groups/{slug}/index.html"][1]


def normalised_url(value: str) -> str:
    """A URL as the browser reads it: entities decoded (once more, to be safe), blanks dropped, lower case."""
    value = html.unescape(value)
    value = value.strip("".join(chr(c) for c in range(0x21)))
    return re.sub(r"[\t\n\r]", "", value).lower()


def url_problem(value: str) -> str | None:
    """Why a URL is unsafe to follow or load, or None."""
    url = normalised_url(value)
    if url.startswith(DANGEROUS_SCHEMES):
        return "dangerous scheme"
    scheme = SCHEME.match(url)
    if scheme and scheme.group(1) not in SAFE_SCHEMES:
        return f"scheme {scheme.group(1)}"
    return None


def is_same_origin(value: str) -> bool:
    url = normalised_url(value)
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


# --- The build -------------------------------------------------------------------------------------


def test_every_hostile_group_is_valid_and_rendered_in_every_language(site, pages):
    """Otherwise the corpus would silently test nothing: a skipped file is never rendered."""
    output, records = site
    errors = [record.getMessage() for record in records if record.levelno >= logging.ERROR]
    assert errors == []
    assert len(GROUPS) >= 4
    for lang in LANGUAGES:
        for slug in GROUPS:
            assert f"{lang}/groups/{slug}/index.html" in pages, (lang, slug)
    assert (output / "index.html").exists()


# --- Over every HTML file of the output --------------------------------------------------------------


def test_only_our_own_scripts(pages):
    """The site's scripts are same-origin files and JSON-LD data blocks; nothing from content runs."""
    for path, (text, soup) in pages.items():
        scripts = soup.find_all("script")
        assert text.lower().count("<script") == len(scripts), path
        for script in scripts:
            if script.get("type") == "application/ld+json":
                assert "<" not in script.string, path  # "</script>" could end the block early
                json.loads(script.string)
            else:
                assert script.get("type") in ("module", None) and script["src"].startswith("/theme/js/"), (
                    path,
                    str(script),
                )
                assert not (script.string or "").strip(), path


def test_no_event_handler_attributes(pages):
    for path, (_, soup) in pages.items():
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert handlers == [], (path, str(tag)[:200])


def test_no_dangerous_urls(pages):
    for path, (_, soup) in pages.items():
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                if name.lower() in URL_ATTRIBUTES:
                    values = value if isinstance(value, list) else [value]
                    for one in values:
                        assert url_problem(one) is None, (path, name, one)


def _theme_control(tag) -> bool:
    """The theme's own controls: reader controls, search and submit forms, share and list buttons, printed QR codes."""
    if tag.name == "button" and "list-toggle" in tag.get("class", []):
        # "Add to my list": its group's slug and two fixed labels, nothing a group file writes.
        return set(tag.attrs) <= {"type", "class", "hidden", "data-list-toggle", "data-add", "data-remove"} and bool(
            re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", tag["data-list-toggle"])
        )
    for control in (tag, *tag.parents):
        if control.name == "div" and control.has_attr("data-referral"):
            # The referral list page's own tools (the list is drawn by referral.js with textContent).
            return tag.name in ("button", "textarea", "input", "noscript")
        if control.name == "section" and "share" in control.get("class", []) and control.has_attr("data-share"):
            return tag.name == "button" and set(tag.attrs) <= {
                "type",
                "class",
                "hidden",
                "data-share-native",
                "data-share-copy",
            }
        if control.name == "a" and "entry-link" in control.get("class", []):
            return _is_qr_code(tag)
        if control.name == "details" and "reader-controls" in control.get("class", []):
            return True
        if control.name == "form" and "submit-form" in control.get("class", []) and not control.get("action"):
            return True
        filters = control.has_attr("data-listing-filters") or control.has_attr("data-today-filters")
        if control.name == "form" and filters and not control.get("action"):
            return True
        if (
            control.name == "form"
            and control.get("role") == "search"
            and control.get("action", "").endswith("/search/")
        ):
            return True
    return False


def _is_qr_code(tag) -> bool:
    """An SVG QR code as the build draws it (segno): paths with a drawing and a colour, nothing else."""
    svg = tag if tag.name == "svg" else tag.find_parent("svg")
    return (
        svg is not None
        and set(svg.attrs) == {"viewbox", "class"}
        and svg["class"] == ["qr"]
        and all(child.name == "path" and set(child.attrs) <= {"d", "stroke"} for child in svg.find_all(True))
    )


def test_no_embedding_form_or_active_tags(pages):
    for path, (text, soup) in pages.items():
        # The theme's own reader controls and search forms are the only such tags allowed.
        found = [
            str(tag)[:120]
            for tag in soup.find_all(FORBIDDEN_TAGS)
            if not _theme_control(tag) and not (tag.name == "noscript" and path.endswith("/search/index.html"))
        ]
        assert found == [], path
        lowered = text.lower()
        for tag in ("<iframe", "<object", "<embed", "<style", "<base", "<math"):
            assert tag not in lowered, (path, tag)
        assert lowered.count("<svg") == len(soup.select("a.entry-link svg.qr")), path
        assert lowered.count("<form") == len(
            soup.select(
                'form[role="search"], form.submit-form:not([action]), form[data-listing-filters]:not([action]),'
                " form[data-today-filters]:not([action])"
            )
        ), path


def test_no_style_attributes(pages):
    for path, (text, soup) in pages.items():
        styled = [str(tag)[:120] for tag in soup.find_all(style=True)]
        assert styled == [], path
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", text, re.IGNORECASE), path


def test_nothing_loads_from_another_origin(pages):
    for path, (_, soup) in pages.items():
        for tag in soup.find_all(LOADING_TAGS):
            for name in ("src", "href", "srcset", "poster", "data"):
                if tag.get(name) is not None:
                    assert is_same_origin(tag[name]), (path, str(tag)[:200])


def test_meta_tags_are_only_the_themes(pages):
    """No injected refresh redirect or second policy."""
    for path, (_, soup) in pages.items():
        equivs = [meta.get("http-equiv", "").lower() for meta in soup.find_all("meta", attrs={"http-equiv": True})]
        assert equivs == ["content-security-policy"], path


def test_each_page_has_exactly_one_h1_and_unique_ids(pages):
    for path, (_, soup) in pages.items():
        assert len(soup.find_all("h1")) == 1, path
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))


# --- Group pages -------------------------------------------------------------------------------------


def test_descriptions_keep_only_allowed_markup_and_demote_headings(pages):
    for lang in LANGUAGES:
        for slug in GROUPS:
            soup = soup_of(pages, lang, slug)
            for prose in soup.select(".prose"):
                for tag in prose.find_all(True):
                    if tag.name == "div":  # the fallback wrapper: <div lang dir>
                        assert set(tag.attrs) <= {"lang", "dir"}, (lang, slug, str(tag)[:200])
                        continue
                    assert tag.name in ALLOWED_TAGS, (lang, slug, tag.name)
                    allowed = {"href", "rel"} if tag.name == "a" else set()
                    assert set(tag.attrs) <= allowed, (lang, slug, str(tag)[:200])
                assert not prose.find_all(["h1", "h2"]), (lang, slug)


def test_description_headings_are_h3_and_below(pages):
    prose = soup_of(pages, "en", "markdown-payloads").select_one(".prose")
    headings = [(tag.name, tag.get_text().strip()) for tag in prose.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert headings == [
        ("h3", "Heading one <script>alert(1)</script>"),  # raw HTML is shown as text
        ("h4", "Heading two"),
        ("h5", "Heading three"),
        ("h3", "Setext heading"),
    ]
    fallback = soup_of(pages, "he", "fallback-payloads").select_one(".prose")
    assert [tag.name for tag in fallback.find_all(re.compile(r"^h[1-6]$"))] == ["h3"]


def test_external_description_links_are_nofollow_ugc_noopener_noreferrer(pages):
    checked = 0
    for lang in LANGUAGES:
        for slug in GROUPS:
            for link in soup_of(pages, lang, slug).select(".prose a[href]"):
                url = normalised_url(link["href"])
                if url.startswith(("http:", "https:", "//")):
                    assert set(link.get("rel", [])) >= EXTERNAL_REL, (lang, slug, str(link))
                    checked += 1
    assert checked >= 5


def test_hostile_description_links_lose_their_href(pages):
    prose = soup_of(pages, "en", "markdown-payloads").select_one(".prose")
    texts = {link.get_text(): link.get("href") for link in prose.find_all("a")}
    for text in ("md javascript", "md mixed case", "md data", "md vbscript", "md reference"):
        assert texts[text] is None, text
    # Raw <a> tags are not parsed at all: they stay visible text, never links.
    assert not [text for text in texts if "javascript link" in text or "raw link" in text]
    assert "<a href=" in prose.get_text()
    assert texts["external link"] == "https://example.org/good"
    assert texts["https://example.org/autolink"] == "https://example.org/autolink"


def test_description_images_are_dropped(pages):
    for lang in LANGUAGES:
        for slug in GROUPS:
            soup = soup_of(pages, lang, slug)
            assert not soup.find_all("img"), (lang, slug)
            urls = [
                str(value) for tag in soup.find_all(True) for name, value in tag.attrs.items() if name in URL_ATTRIBUTES
            ]
            assert not [url for url in urls if "evil.example" in url], (lang, slug)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plain_text_is_escaped_and_shown_literally(pages, lang):
    soup = soup_of(pages, lang, "plain-text-payloads")
    name = {
        "he": "<script>alert(1)</script>",
        "ar": '"><svg onload=alert(1)>',
        "en": "{{ 7*7 }} {% raw %} <script>alert(1)</script> ' \"",
        "ru": "<img src=x onerror=alert(1)> {{ 7*7 }} Группа",
    }[lang]
    assert soup.h1.get_text() == name
    assert soup.title.get_text().startswith(name)
    listings = [soup for path, (_, soup) in pages.items() if path.startswith(f"{lang}/topics/")]
    card_names = {a.get_text() for listing in listings for a in listing.select(".card-title a")}
    assert name in card_names


def test_jinja_looking_text_is_not_evaluated(pages):
    for lang in LANGUAGES:
        for slug in ("markdown-payloads", "plain-text-payloads"):
            soup = soup_of(pages, lang, slug)
            assert "{{ 7*7 }}" in soup.get_text(), (lang, slug)
    soup = soup_of(pages, "en", "plain-text-payloads")
    assert soup.h1.get_text().startswith("{{ 7*7 }} {% raw %}")
    assert "49" not in soup.h1.get_text()
    assert soup.select_one(".lead").get_text() == '"><svg onload=alert(1)> <img src=x onerror=alert(1)> &lt;b&gt; &amp;'
    prose = soup.select_one(".prose").get_text()
    assert prose == 'Only {{ 7*7 }} and {% raw %} and {{ "<script>alert(1)</script>" | safe }} here.'  # shown as text
    en = soup_of(pages, "en", "markdown-payloads")
    assert all(jinja in en.h1.get_text() for jinja in JINJA)
    assert "{{ 7*7 }}" in en.select_one(".lead").get_text()
    assert "{{ 7*7 }} {% raw %} {{ config }} {# comment #}" in en.select_one(".prose").get_text()


def test_every_free_text_field_is_escaped(pages):
    soup = soup_of(pages, "en", "markdown-payloads")
    text = soup.get_text(" ")
    for shown in (
        'Org <script>alert(1)</script> "><svg onload=alert(1)> {{ 7*7 }} {% raw %} \' "',
        "Hall <script>alert(1)</script>",
        '1 "><svg onload=alert(1)> Street <script>alert(1)</script> {{ 7*7 }}',
        "Note <script>alert(1)</script>",
        "Contact <script>alert(1)</script>",
        "50 <script>alert(1)</script>",
        "Dana <script>alert(1)</script>",
        "Bus <script>alert(1)</script>",
    ):
        assert shown in text, shown
    schedule = soup_of(pages, "en", "plain-text-payloads").select_one(".schedule").get_text(" ")
    assert 'Call first <script>alert(1)</script> "><svg onload=alert(1)> {{ 7*7 }} {% raw %} \' "' in schedule
    assert '<iframe src="https://evil.example/"></iframe>' in schedule


@pytest.mark.parametrize("lang", LANGUAGES)
def test_urls_from_group_files_stay_inside_their_attribute(pages, lang):
    soup = soup_of(pages, lang, "markdown-payloads")
    actions = [a["href"] for a in soup.select(".action-list a")]
    assert MARKDOWN_WEBSITE in actions
    assert MARKDOWN_JOIN in actions
    assert f"mailto:{MARKDOWN_EMAIL}" in actions
    for link in soup.select(".actions .action-list a"):
        assert set(link.attrs) <= {"class", "href", "rel"}, str(link)
    share = soup.select_one(".share a[data-share-whatsapp]")
    assert set(share.attrs) == {"class", "href", "rel", "data-share-whatsapp"}
    assert share["href"].startswith("https://wa.me/?text=") and "<" not in share["href"]
    plain = [a["href"] for a in soup_of(pages, lang, "plain-text-payloads").select(".action-list a")]
    assert PLAIN_WEBSITE in plain and PLAIN_JOIN in plain


def test_fallback_wrappers_contain_the_escaped_text(pages):
    soup = soup_of(pages, "he", "fallback-payloads")
    wrapper = soup.h1.select_one("span")
    assert (wrapper["lang"], wrapper["dir"]) == ("en", "ltr")
    assert wrapper.get_text() == 'Fallback <script>alert(1)</script> "><svg onload=alert(1)> {{ 7*7 }} {% raw %} \' "'
    assert soup.select_one(".lead span").get_text() == "</span><script>alert(1)</script><span>"
    div = soup.select_one(".prose > div")
    assert (div["lang"], div["dir"]) == ("en", "ltr")
    assert "evil" not in str(div) and not div.find_all(["script", "img", "div"])


def test_very_long_line_is_rendered_safely(pages):
    soup = soup_of(pages, "en", "long-line")
    prose = soup.select_one(".prose")
    assert "w" * 2400 in prose.get_text()
    assert prose.find_all("strong") and not prose.find_all(["img", "svg"])
    assert all(link.get("href") is None for link in prose.find_all("a"))


# --- markdown_to_html on its own ---------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src='https://evil.example'></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](<java\tscript:alert(1)>)",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#58;alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "[x]: javascript:alert(1)\n\n[y][x]",
    "<https://example.org/> <javascript:alert(1)> <someone@example.org>",
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<form action='https://evil.example'><input autofocus onfocus=alert(1)></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<p style="color:red">x</p>',
    '<a href="https://example.org/" onclick="alert(1)" style="x" target="_blank">x</a>',
    "# h1\n\n## h2\n\n###### h6",
    "Setext\n======\n\nTwo\n---",
    "<h1>raw h1</h1><h2>raw h2</h2>",
    "![x](https://evil.example/x.png)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<object data=x></object><embed src=x><base href='https://evil.example/'>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<textarea><script>alert(1)</script></textarea>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    '[x](https://example.org/ "t" onclick=alert(1))',
    "<div id=group-name class=crisis>clobber</div>",
    "<table background=https://evil.example/t.png><tr><td>x</td></tr></table>",
    "{{ 7*7 }} {% raw %}",
    "x" * 10000,
    "<img src=x onerror=alert(1)>[x](javascript:alert(1))" * 200,
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p[:40])
def test_markdown_to_html_leaves_nothing_active(payload):
    out = markdown_to_html(payload)
    soup = BeautifulSoup(out, "html.parser")
    assert "<script" not in out.lower() and "<style" not in out.lower()
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS, tag.name
        allowed = {"href", "rel"} if tag.name == "a" else set()
        assert set(tag.attrs) <= allowed, str(tag)
        if tag.get("href") is not None:
            assert url_problem(tag["href"]) is None, tag["href"]
        if tag.name == "a":
            assert tag["rel"] == ["nofollow", "ugc", "noopener", "noreferrer"]
    assert not soup.find_all(["h1", "h2"])


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("# h1\n\n## h2\n\n###### h6", "<h3>h1</h3>\n<h4>h2</h4>\n<h6>h6</h6>"),
        ("Setext\n======", "<h3>Setext</h3>"),
        ("<h1>raw</h1>", "<p>&lt;h1&gt;raw&lt;/h1&gt;</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<style>body{display:none}</style>", "<p>&lt;style&gt;body{display:none}&lt;/style&gt;</p>"),
        ("[x](javascript:alert(1))", '<p><a rel="nofollow ugc noopener noreferrer">x</a></p>'),
        (
            "[x](https://example.org/)",
            '<p><a href="https://example.org/" rel="nofollow ugc noopener noreferrer">x</a></p>',
        ),
        ("![x](https://evil.example/x.png)", "<p></p>"),
        ("{{ 7*7 }} {% raw %}", "<p>{{ 7*7 }} {% raw %}</p>"),
        ("`<script>`", "<p><code>&lt;script&gt;</code></p>"),
        (
            '<p style="color:red" onclick="alert(1)">x</p>',
            '<p>&lt;p style="color:red" onclick="alert(1)"&gt;x&lt;/p&gt;</p>',
        ),
    ],
)
def test_markdown_to_html_output(payload, expected):
    assert markdown_to_html(payload) == expected
