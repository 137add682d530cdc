"""Link checks: every internal link of a built site resolves to a file; outbound links of group files answer.

The internal check reads the built HTML only (no network). The external check (`invoke linkcheck
--external`) asks each web address given in a group file (contact website, online join link), with a
short timeout, and is never part of the test suite's own network use.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that hold an address the browser fetches or follows.
LINK_ATTRIBUTES = frozenset({"href", "src", "action", "poster", "data"})
NOT_FILES = ("mailto:", "tel:", "sms:", "data:", "javascript:", "blob:")
USER_AGENT = "support-groups-directory-linkcheck/1 (+https://github.com/)"


@dataclass(frozen=True, order=True)
class BrokenLink:
    """An address on a page that leads to no file of the site, or to a part (#id) its page does not have."""

    page: str
    link: str
    reason: str = "leads to no file"

    def __str__(self) -> str:
        return f"{self.page}: {self.link} {self.reason}"


class _Links(HTMLParser):
    """Collects the addresses of one page (srcset candidates too) and the ids a fragment may name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if name in LINK_ATTRIBUTES and not (tag == "link" and name == "href" and _is_hint(attrs)):
                self.links.append(value.strip())
            elif name in ("srcset", "imagesrcset"):
                self.links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


def _is_hint(attrs: list[tuple[str, str | None]]) -> bool:
    """<link rel="dns-prefetch"> and the like name hosts, not files."""
    rel = dict(attrs).get("rel") or ""
    return any(word in rel.split() for word in ("dns-prefetch", "preconnect"))


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


def page_links(html: str) -> list[str]:
    """Every address in a page's href, src, srcset and action attributes."""
    return _parse(html).links


def page_ids(html: str) -> set[str]:
    """Every id of a page (and every <a name>): the targets its fragments may name."""
    return _parse(html).ids


def _fragment(link: str) -> str | None:
    """The element id a link's fragment names, or None when it names none (no fragment, "#", "#top", text)."""
    fragment = unquote(urlsplit(link).fragment)
    if not fragment or fragment.lower() == "top" or fragment.startswith(":~:"):
        return None
    return fragment


def target_file(output: Path, page: Path, link: str, site_url: str = "") -> Path | None:
    """The file an internal link leads to (which may not exist), or None for an external or non-file link."""
    if not link or link.lower().startswith(NOT_FILES):
        return None
    site = urlsplit(site_url)
    base = site.path.rstrip("/")
    parts = urlsplit(link)
    same_site = bool(site.netloc) and (parts.netloc, parts.scheme or site.scheme) == (site.netloc, site.scheme)
    if (parts.scheme or parts.netloc) and not same_site:
        return None  # another site
    path = unquote(parts.path)
    if not path:
        return page  # "#part" or "?query": this page
    if path.startswith("/"):
        if base and not (path == base or path.startswith(base + "/")):
            return output / "__outside_the_site__" / path.lstrip("/")
        target = output / path[len(base) :].lstrip("/")
    else:
        target = page.parent / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def internal_links(output: Path, site_url: str = "") -> list[BrokenLink]:
    """Every link of every HTML page of `output` that leads to no file in `output`, or to an id its target lacks."""
    output = Path(output).resolve()
    parsed = {page: _parse(page.read_text(encoding="utf-8")) for page in sorted(output.rglob("*.html"))}
    broken = []
    for page, found in parsed.items():
        for link in found.links:
            target = target_file(output, page, link, site_url)
            if target is None:
                continue
            resolved = Path(os.path.normpath(target))
            if not (resolved.is_relative_to(output) and resolved.is_file()):
                broken.append(BrokenLink(page.relative_to(output).as_posix(), link))
                continue
            fragment = _fragment(link)
            if fragment is not None and resolved.suffix == ".html" and fragment not in _ids(parsed, resolved):
                broken.append(BrokenLink(page.relative_to(output).as_posix(), link, f"names no element #{fragment}"))
    return sorted(set(broken))


def _ids(parsed: dict[Path, _Links], page: Path) -> set[str]:
    """The ids of a page already read, or read now (a page outside the walk, such as a symlink's target)."""
    if page not in parsed:
        parsed[page] = _parse(page.read_text(encoding="utf-8"))
    return parsed[page].ids


# Outbound links of group files.


@dataclass(frozen=True)
class Outcome:
    """What one web address answered."""

    url: str
    ok: bool
    status: int | None
    reason: str
    files: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.files)
        return f"{'ok' if self.ok else 'BROKEN'} {self.status or '-'} {self.url} ({self.reason}) in {where}"


def group_urls(content: str, settings: dict | None = None) -> dict[str, list[str]]:
    """The web addresses of the valid group files, each with the files that give it."""
    from commands.settings import settings_or_exit
    from commands.validate import read_content

    conf = settings_or_exit(settings)
    directory, _ = read_content(content, conf)
    found: dict[str, list[str]] = defaultdict(list)
    folder = os.path.join(content, conf["GROUPS_PATH"])
    for group in directory.groups:
        where = os.path.join(folder, f"{group.slug}.yaml")
        for url in (group.contact.website, group.online.join_url if group.online else None):
            if url:
                found[url].append(where)
    return dict(found)


class RedirectRefused(urllib.error.URLError):
    """An address inside this machine or its network, which the check does not ask (nor follow a redirect to)."""


def is_public(host: str) -> bool:
    """True when every address `host` resolves to is on the public internet (not loopback, private, link-local …)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return True  # unresolvable: the request fails on its own, with its own reason
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            return False
    return True


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a public address: a group's web page must not point the check into our network."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0917 (urllib's signature)
        """The next request, or RedirectRefused when it leads to a non-public address."""
        target = urlsplit(newurl)
        if target.scheme not in ("http", "https") or not is_public(target.hostname or ""):
            raise RedirectRefused(f"redirect to {target.scheme}://{target.hostname} refused: not a public address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_GuardedRedirects)


def check_url(url: str, timeout: float = 5.0) -> tuple[bool, int | None, str]:
    """(answers, HTTP status, reason): HEAD first, GET when the server does not take HEAD; public addresses only.

    A group file names host names only, but a name can resolve to 127.0.0.1 or 10.x: neither the address
    nor any redirect from it may point the check (run by a maintainer or in CI) into our own network.
    """
    host = urlsplit(url).hostname or ""
    if not is_public(host):
        return False, None, f"{host} refused: not a public address"
    reason = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with _opener.open(request, timeout=timeout) as response:
                return True, response.status, "answers"
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                reason = exc.reason
                continue
            return False, exc.code, str(exc.reason)
        except RedirectRefused as exc:
            return False, None, str(exc.reason)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return False, None, f"no answer: {reason}"
    return False, None, str(reason)


def external_links(urls: dict[str, Iterable[str]], timeout: float = 5.0, workers: int = 8) -> list[Outcome]:
    """Ask every address (several at a time); the outcomes, broken ones first."""
    ordered = sorted(urls)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(ordered) or 1))) as pool:
        answers = list(pool.map(lambda url: check_url(url, timeout), ordered))
    outcomes = [
        Outcome(url, ok, status, reason, tuple(sorted(urls[url])))
        for url, (ok, status, reason) in zip(ordered, answers, strict=True)
    ]
    return sorted(outcomes, key=lambda o: (o.ok, o.url))


def main(content: str, external: bool = False, timeout: float = 5.0) -> int:
    """`invoke linkcheck`: build into a temporary folder, check its links (and the groups' own); 1 if any is broken."""
    from commands.build import build, console_logging  # here: a test replaces the build

    with tempfile.TemporaryDirectory(prefix="linkcheck-") as folder:
        console_logging()
        build(content, folder)
        broken = internal_links(Path(folder))
        pages = sum(1 for _ in Path(folder).rglob("*.html"))
    for link in broken:
        print(link)
    print(f"internal links: {len(broken)} broken on {pages} pages")
    failed = bool(broken)
    if external:
        outcomes = external_links(group_urls(content), timeout=timeout)
        for outcome in outcomes:
            print(outcome)
        bad = sum(not o.ok for o in outcomes)
        print(f"outbound links of group files: {bad} of {len(outcomes)} do not answer")
        failed |= bool(bad)
    return 1 if failed else 0
