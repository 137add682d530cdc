"""Links: every internal link of the built sample site resolves; outbound links are checked on demand only."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from invoke import Context

import commands.build
import tasks
from commands import linkcheck
from tests.conftest import FIXTURES, LANGUAGES
from tools.loopback import loopback

SITE = "https://groups.example.org/directory"


def test_every_internal_link_of_every_page_resolves(sample_site):
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 300
    assert linkcheck.internal_links(sample_site) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_check_reads_every_kind_of_page_of_each_language(sample_site, lang):
    checked = {
        p.relative_to(sample_site).parts[1] if len(p.relative_to(sample_site).parts) > 2 else "home"
        for p in (sample_site / lang).rglob("index.html")
    }
    assert {"home", "groups", "topics", "cities", "days", "online", "print", "about"} <= checked
    links = linkcheck.page_links((sample_site / lang / "index.html").read_text(encoding="utf-8"))
    assert any(link.endswith("/theme/css/site.css") for link in links)
    assert any(f"/{lang}/topics/" in link for link in links)


def test_a_missing_page_or_asset_is_reported(tmp_path):
    (tmp_path / "he" / "about").mkdir(parents=True)
    (tmp_path / "he" / "about" / "index.html").write_text("<p>about</p>", encoding="utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "site.css").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="/theme/site.css"><link rel="preconnect" href="https://cdn.example.org">'
        '<a href="/he/about/">ok</a> <a href="he/about/#x">ok</a> <a href="#top">ok</a> <a href="?q=x">ok</a>'
        '<a href="mailto:a@example.org">ok</a> <a href="tel:+97245550101">ok</a> <a href="https://other.example/x">ok</a>'
        '<img src="/theme/missing.png" srcset="/theme/site.css 1x, /theme/gone.png 2x">'
        '<a href="/he/gone/">gone</a> <a href="../../outside.html">outside</a>'
        '<form action="/he/search/"></form>',
        encoding="utf-8",
    )
    broken = [b.link for b in linkcheck.internal_links(tmp_path)]
    assert broken == sorted(
        ["/theme/missing.png", "/theme/gone.png", "/he/gone/", "../../outside.html", "/he/search/", "he/about/#x"]
    )


def test_a_fragment_must_name_an_element_of_its_target_page(tmp_path):
    (tmp_path / "he" / "topics").mkdir(parents=True)
    (tmp_path / "he" / "topics" / "index.html").write_text(
        '<h2 id="grief">grief</h2><a name="old-anchor"></a><p id="café">x</p>', encoding="utf-8"
    )
    (tmp_path / "index.html").write_text(
        '<main id="main"></main>'
        '<a href="#main">ok</a> <a href="#">ok</a> <a href="#top">ok</a> <a href="#:~:text=grief">ok</a>'
        '<a href="/he/topics/#grief">ok</a> <a href="he/topics/index.html#old-anchor">ok</a>'
        '<a href="/he/topics/#topic-grief">missing</a> <a href="#nowhere">missing here</a>'
        '<a href="/he/topics/?page=2#grief">ok</a> <a href="/he/topics/#caf%C3%A9">ok</a>',
        encoding="utf-8",
    )
    broken = linkcheck.internal_links(tmp_path)
    assert [b.link for b in broken] == ["#nowhere", "/he/topics/#topic-grief"]
    assert str(broken[1]) == "index.html: /he/topics/#topic-grief names no element #topic-grief"


def test_absolute_links_under_the_site_address_are_internal(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.html").write_text(
        f'<a href="{SITE}/en/">ok</a><a href="/directory/en/">ok</a><a href="{SITE}/en/gone/">gone</a>'
        '<a href="/elsewhere/">outside the site\'s path</a><a href="https://groups.example.org/other/">other path</a>',
        encoding="utf-8",
    )
    broken = [b.link for b in linkcheck.internal_links(tmp_path, SITE)]
    assert broken == ["/elsewhere/", f"{SITE}/en/gone/", "https://groups.example.org/other/"]


# Outbound links, against a server on this machine only.


SLOW = 8.0  # seconds the slow address takes to answer


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self.send_response(405)
            self.end_headers()
            return
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        if self.path == "/slow":
            time.sleep(SLOW)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        if self.path.startswith("/to?"):  # a redirect to any address: /to?http://169.254.169.254/
            self.send_response(302)
            self.send_header("Location", self.path.split("?", 1)[1])
            self.end_headers()
            return
        self.send_response(404 if self.path == "/gone" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    with loopback(_Handler) as url:
        yield url


@pytest.fixture
def public_test_server(local_server, monkeypatch) -> str:
    """The loopback server, counted as public: every other private address (localhost, 10.x …) stays refused."""
    real = linkcheck.is_public
    monkeypatch.setattr(linkcheck, "is_public", lambda host: host == "127.0.0.1" or real(host))
    return local_server


def test_outbound_links_are_asked_with_a_short_timeout(public_test_server):
    local_server = public_test_server
    urls = {
        f"{local_server}{path}": [f"{path.strip('/')}.yaml"] for path in ("/ok", "/moved", "/no-head", "/gone", "/slow")
    }
    urls["http://127.0.0.1:9/refused"] = ["refused.yaml"]  # nothing listens on port 9
    # A timeout the quick answers meet even on a loaded machine, well short of the slow one's delay.
    ordered = linkcheck.external_links(urls, timeout=SLOW / 4)
    outcomes = {o.url.removeprefix(local_server): o for o in ordered}
    assert outcomes["/ok"].ok and outcomes["/ok"].status == 200
    assert outcomes["/moved"].ok
    assert outcomes["/no-head"].ok
    assert not outcomes["/gone"].ok and outcomes["/gone"].status == 404
    assert not outcomes["/slow"].ok and "no answer" in outcomes["/slow"].reason
    assert not outcomes["http://127.0.0.1:9/refused"].ok
    assert outcomes["/gone"].files == ("gone.yaml",)
    assert [o.ok for o in ordered] == sorted(o.ok for o in ordered)  # broken ones first


def test_group_urls_are_the_websites_and_join_links_of_valid_files():
    urls = linkcheck.group_urls(str(FIXTURES / "sites" / "basic" / "content"))
    assert urls
    assert all(url.startswith("https://") for url in urls)
    assert all(file.endswith(".yaml") and "broken" not in file for files in urls.values() for file in files)


def test_linkcheck_task_reports_outbound_links(tmp_path, monkeypatch, public_test_server, capsys):
    local_server = public_test_server
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", content)
    (content / "groups" / "broken.yaml").unlink()
    monkeypatch.setitem(tasks.CONFIG, "content", str(content))
    monkeypatch.setattr(tasks, "_compile", lambda c, quiet=False: None)
    monkeypatch.setattr(
        linkcheck, "group_urls", lambda folder: {f"{local_server}/ok": ["a.yaml"], f"{local_server}/gone": ["b.yaml"]}
    )
    built = []
    monkeypatch.setattr(commands.build, "build", lambda source, output: built.append(Path(output)))
    with pytest.raises(SystemExit) as exit_info:
        tasks.linkcheck(Context(), external=True, timeout=1)
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert f"BROKEN 404 {local_server}/gone" in out
    assert "1 of 2 do not answer" in out
    assert "internal links: 0 broken" in out
    assert built


@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:9/admin",
        "http://127.1/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "file:///etc/passwd",
    ],
)
def test_outbound_check_does_not_follow_redirects_into_our_network(public_test_server, target):
    ok, status, reason = linkcheck.check_url(f"{public_test_server}/to?{target}", timeout=1)
    assert not ok
    if target.startswith("file:"):
        assert status == 302  # urllib itself refuses a redirect to file://
    else:
        assert status is None and reason.endswith("not a public address")


def test_an_address_inside_our_network_is_not_asked(local_server):
    """A host name that resolves to loopback (here the address itself) is refused before any request."""
    ok, status, reason = linkcheck.check_url(f"{local_server}/ok", timeout=1)
    assert (ok, status) == (False, None) and reason == "127.0.0.1 refused: not a public address"


def test_public_addresses_are_told_from_private_ones():
    assert not linkcheck.is_public("127.0.0.1")
    assert not linkcheck.is_public("::1")
    assert not linkcheck.is_public("10.1.2.3")
    assert not linkcheck.is_public("169.254.169.254")
    assert not linkcheck.is_public("fd00::1")
    assert linkcheck.is_public("93.184.215.14")
