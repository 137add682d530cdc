"""Render a group's card and printed entry once per language, however many listings show it.

A group appears on several browse pages (each of its topics, its city, its days) and several times
on the printable page; at 10,000 groups that is most of the rendering. The partial templates that
show one group are wrapped so that their output is looked up by what it depends on: the template,
the page's language and day, the group file's hash and the partial's other plain variables. A
partial that uses anything else (the page's URLs, a loop, an object) is simply rendered each time.
Templates are not changed.

Why wrap Jinja's `root_render_func` (measured at 1,000 groups, 7 December 2026, CPU seconds on the
shared 2-core machine, one run): without it a cold build took 38.3 s instead of 35.4 s, a warm build
11.4 s instead of 10.0 s, one edited file 5.2 s instead of 4.6 s; it costs memory (peak 221 MB
instead of 159 MB) and cache (96 MB instead of 69 MB).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Environment, TemplateNotFound, meta
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, Undefined
from markupsafe import Markup

from plugins.pages import templating
from plugins.pages.buildcache import Store
from plugins.pages.gettext import context_language
from plugins.pages.qr import qr_svg

logger = logging.getLogger(__name__)

# Partials that show one group, given as `group`, or a list of them, given as `groups`, by the page
# that includes them.
GROUP_PARTIALS = (
    "partials/group_card.html",
    "partials/print_entry.html",
    "partials/print_list.html",
    "partials/today_entry.html",
    "partials/today_entries.html",
)
# Helpers whose result depends on the page, not only on their arguments.
PAGE_HELPERS = frozenset({"alternates"})
_PLAIN = (str, int, float, bool, dt.date, type(None))
# A group's part of a fragment's key as stored: "'<slug>', '<file hash>')" (slugs are plain: a-z, 0-9, -).
_GROUP_PAIRS = re.compile(r"'([a-z0-9_.-]+)', '([0-9a-f]{40})'\)")
_ADDRESS_SLUG = re.compile(r"/([a-z0-9_.-]+)/?'\)$")  # the last part of a QR code's address: a group's slug


class FragmentCache:
    """Installs the memoising partials into one Jinja environment for one build."""

    def __init__(self, fragments: Store, hashes: dict[str, str], today: dt.date) -> None:
        self.fragments = fragments
        self.hashes = hashes
        self.today = today.isoformat()

    def install(self, env: Environment, names: tuple[str, ...] = GROUP_PARTIALS) -> None:
        """Wrap each partial's render function; a missing or page-dependent partial is left alone."""
        for name in names:
            try:
                template = env.get_template(name)
                source = env.loader.get_source(env, name)[0] if env.loader else ""
            except TemplateNotFound:
                continue
            used = meta.find_undeclared_variables(env.parse(source))
            if used & PAGE_HELPERS:
                logger.debug("%s uses the page's own URLs: not cached", name)
                continue
            variables = tuple(sorted(used - set(env.globals)))
            template.root_render_func = self._wrap(name, variables, template.root_render_func)

    def install_qr(self, env: Environment) -> None:
        """QR codes by address, in the store: each is made once a build, by the first worker that needs it.

        segno takes 1 to 2 ms a code; the group's qr.svg and the printed directory show the same code,
        and the workers that write the printed directory are forked after those that wrote qr.svg, with
        what those sent back. (At 1,000 groups: 3,000 codes made instead of 6,000 with two workers.)
        They are held compressed, a third of their size: the build process and every worker it forks
        hold all of them (40,000 at 10,000 groups: 25 MB instead of 85).
        """

        def qr_code(url: str) -> Markup:
            key = ("qr", url)
            found = self.fragments.get(key)
            if found is None:
                svg = qr_svg(url)  # not templating.qr_code: its memo would hold every code a second time
                self.fragments.put(key, zlib.compress(svg.encode("ascii"), 1))
                return Markup(svg)
            return Markup(zlib.decompress(found).decode("ascii"))

        env.globals["qr_code"] = qr_code
        env.globals["qr_file"] = lambda url: templating.standalone_svg(qr_code(url))

    def _wrap(
        self, name: str, variables: tuple[str, ...], render: Callable[[Context], Iterator[str]]
    ) -> Callable[[Context], Iterator[str]]:
        def cached(context: Context) -> Iterator[str]:
            key = self._key(name, variables, context)
            if key is None:
                yield from render(context)
                return
            html = self.fragments.get(key)
            if html is None:
                html = "".join(render(context))
                self.fragments.put(key, html)
            yield html

        return cached

    def _key(self, name: str, variables: tuple[str, ...], context: Context) -> tuple[Any, ...] | None:
        """What the fragment depends on, or None when that cannot be told from plain values."""
        parts: list[Any] = [name, context_language(context), self.today]
        for variable in variables:
            value = context.get(variable)
            if variable == "group":
                found = self._group(value)
                if found is None:
                    return None
                parts.append(("group", *found))
            elif variable == "groups" and isinstance(value, list | tuple):
                found_all = [self._group(group) for group in value]
                if None in found_all:
                    return None
                parts.append(("groups", tuple(found_all)))
            elif isinstance(value, _PLAIN):
                parts.append((variable, value))
            elif isinstance(value, Undefined):
                parts.append((variable, None))
            elif isinstance(value, TemplateModule):
                parts.append((variable, "module"))  # macros imported by the page: the same for every page
            else:
                return None
        return tuple(parts)

    def current(self, key: str) -> bool:
        """True when a stored fragment (its key as stored) of one or more groups is still good: same day, every group unchanged.

        A printed list found whole does not ask for its entries; they stay for when the list changes.
        The key's text is read, not unpickled: its day is its third item, its groups (slug, file hash) pairs.
        """
        if key.startswith("('qr', "):  # a group's QR code, kept while the group is: pages skipped today need it later
            address = _ADDRESS_SLUG.search(key)
            return address is not None and address.group(1) in self.hashes
        if not key.startswith("('partials/"):  # the generator's own note
            return False
        pairs = _GROUP_PAIRS.findall(key)
        day = key.split(", ", 3)[2:3]
        return (
            day == [repr(self.today)] and bool(pairs) and all(self.hashes.get(slug) == source for slug, source in pairs)
        )

    def _group(self, group: Any) -> tuple[str, str] | None:
        """A group's part of a key: its slug and file hash (two files may hold the same bytes)."""
        slug = getattr(group, "slug", None) or ""
        source = self.hashes.get(slug)
        return None if source is None else (slug, source)
