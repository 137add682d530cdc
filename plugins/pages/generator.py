"""Pelican generator: reads group files once, then writes every page of the directory per language.

Made for directories of thousands of groups: each file is parsed once, each page rendered once, a
group's card once per language however many listings show it, and the pages are shared out between
the CPU cores. With a cache folder (GROUPS_CACHE_PATH), an unchanged file is not parsed again and a
page whose inputs did not change (the same day) is copied from the cache instead of rendered; when the
output folder is also kept between builds (DELETE_OUTPUT_DIRECTORY = False), such a page is not even
written again, and the pages of removed groups are deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, meta, nodes
from pelican.generators import Generator

from directory import browse, organization, render
from directory.calendar import EventText, group_calendar
from directory.files.reader import read_crisis_lines
from directory.files.schema import schema_text
from directory.model import Group, Taxonomy
from directory.organization import Organization
from directory.problems import N_, ContentProblem, make_problem, report
from directory.schedule import client_rules, next_meetings
from directory.settings import save_as
from plugins.pages import boundary, buildcache, discover
from plugins.pages.early import content_watchers
from plugins.pages.fragments import FragmentCache
from plugins.pages.parallel import cpu_count, fork_map, release_free_memory
from plugins.pages.templating import Site, once_partials, site_for

logger = logging.getLogger(__name__)

# Where the kinds of page that may be left as they are (_skippable) are kept between builds.
SKIPPABLE_KEY = ("skippable page kinds",)
# The page cache drops the pages no longer planned after a build that writes at least this share of the files.
PRUNE_SHARE = 0.1
# The pages that show every group, not kept in the page cache by a build into a kept output folder.
WHOLE_DIRECTORY = frozenset({"print", "today"})
# Forking pays off from about this many files to write (unless GROUPS_WORKERS is set).
PARALLEL_MIN_FILES = 300
# A worker writes the pages it made to the page cache whenever they add up to this much: it held all of
# them until its share was done (half the output at 2,000 groups: 230 MB a worker, 1 GB at 10,000).
# Held pages are a worker's memory; a write of 8 MB costs one transaction (no fsync in WAL mode).
PAGES_HELD_BYTES = 8 * 2**20
# Each process reads the cached pages of its share this many at a time, and lets them go once written: the
# build process read every page to write before forking (a warm build of 10,000 groups: all of them at once).
PAGES_READ_BATCH = 500
# What a group or listing page may use besides settings, helpers and the values its key holds. A template
# that uses any other name of the context (every group, say) makes those pages render on every build.
KEYED_NAMES = frozenset(
    {
        "group",
        "host",
        "centres",
        "lang",
        "alternate_urls",
        "calendar_url",
        "page_name",
        "today",
        "taxonomy",
        "crisis_lines",
        "groups_site",
        "pages",
        "listing",
        "pager",
        "prefix",
        "output_file",
        "localsiteurl",
        "week_days",
        "has_online",
    }
)


@dataclass(slots=True)  # a build plans some 20 files per group: no __dict__ each
class Job:
    """One file to write: a page from a template, or (template None) a group's calendar."""

    path: str
    template: str | None
    values: dict[str, Any] = field(default_factory=dict)
    key: str | None = None  # what the file is made from; None: write it on every build


class GroupsGenerator(Generator):
    """Reads content/groups/*.yaml into Group models and renders them in every site language."""

    def generate_context(self) -> None:
        """Read the taxonomy and every group file; report all problems as one error record."""
        site = site_for(self.context, self.settings)
        conf = site.settings
        self._cache = buildcache.cache_folder(self.settings)
        self._load_cache = self._cache is not None
        self._workers = int(self.settings.get("GROUPS_WORKERS") or cpu_count())
        sources = buildcache.read_groups(
            self.path, conf, conf["GROUPS_TODAY"], self._cache, load=self._load_cache, workers=self._workers
        )
        directory, self._hashes = sources.directory, sources.hashes
        # "slug hash" once per group (a slug is a-z, 0-9 and dashes), joined by _members for the page keys.
        self._tokens = {slug: f"{slug} {source}" for slug, source in sources.hashes.items()}
        self.context["group_hashes"] = sources.hashes
        self.context["group_files"] = sources.files
        crisis, crisis_problems = read_crisis_lines(os.path.join(self.path, conf["GROUPS_CRISIS_LINES"]), site.codes)
        problems = sorted(directory.problems + crisis_problems)
        errors = [p for p in problems if p.level == "error"]
        if errors:
            # One record holds every problem: `pelican --fatal errors` stops at the first record.
            logger.error("%d problem(s) in group files; those files were skipped:\n%s", len(errors), report(errors))
        if len(errors) < len(problems):
            warnings = [p for p in problems if p.level == "warning"]
            logger.warning("%d warning(s) in group files:\n%s", len(warnings), report(warnings))
        self.context["groups"] = directory.groups
        self.context["taxonomy"] = directory.taxonomy
        self.context["organizations"] = directory.organizations
        self.context["group_problems"] = problems
        self.context["crisis_lines"] = crisis.lines if crisis else []
        self.context["today"] = conf["GROUPS_TODAY"] or dt.date.today()
        # What other plugins make from a group may be kept between builds under this fingerprint (made
        # now: they may start before this generator's output, see early.py).
        self.context["groups_fingerprint"] = self._key(self.context["today"])

    def generate_output(self, writer: Any) -> None:
        """Write the language chooser, per language the home, browse, print and group pages, then the sitemap.

        The groups' own pages and calendars are written first: a group whose page cannot be made is left
        out (error boundary, see boundary.py) before the listings, feeds and sitemap that would show it.
        """
        site: Site = self.context["groups_site"]
        self._sitemap: list[discover.PageUrls] = []
        self._group_urls: dict[str, dict[str, str]] = {}
        for job in self._render(writer, self._jobs(site), remake=lambda: self._jobs(site)):
            self._add_to_sitemap(job)
        self._files = buildcache.Outputs(self._cache, self.output_path, load=self._load_cache, part="files")
        schema = site.settings["GROUPS_SCHEMA_SAVE_AS"]
        self._text_file(schema, schema_text())
        self._text_file(os.path.join(os.path.dirname(schema), "organization.schema.json"), schema_text("organization"))
        self._write_discovery(site)
        self._files.save(remove_stale=not self.settings.get("DELETE_OUTPUT_DIRECTORY"))

    def _jobs(self, site: Site) -> list[Job]:
        """Every file to write, in the order the sitemap lists the pages."""
        with buildcache.collector_off():  # a plan of many small objects over every group: nothing to collect
            return self._plan(site)

    def _plan(self, site: Site) -> list[Job]:
        jobs = self._root_jobs(site)
        # What the pages that show the whole directory (home, print, today…) are made from: every group.
        self._directory = buildcache.digest(self._members(self.context["groups"]))
        taxonomy: Taxonomy | None = self.context["taxonomy"]
        if taxonomy is not None:
            for lang in site.codes:
                jobs += self._language_jobs(site, taxonomy, lang)
        return jobs

    def _add_to_sitemap(self, job: Job) -> None:
        """A page in the site's first language stands for its translations; the language chooser is x-default."""
        urls = job.values.get("alternate_urls") or {}
        if job.template is None:
            return
        if job.path == "index.html":
            self._sitemap.append(discover.PageUrls({"x-default": ""}))
        elif job.values.get("lang") == next(iter(urls), None):
            self._sitemap.append(discover.PageUrls(urls))

    # Rendering: skip what did not change, share the rest out between the cores.

    def _render(self, writer: Any, jobs: list[Job], remake: Callable[[], list[Job]]) -> list[Job]:
        """Write the groups' own files, leave out the groups whose files failed, then write the rest; the jobs done.

        When a group was left out, the listings that showed it are planned again (`remake`).
        """
        # A plugin listening to content_written must see every page, written here: no skipping, no forking.
        watchers = content_watchers()
        watched = self._watched = bool(watchers)
        self._folders: set[str] = set()  # the output folders made so far (each process keeps its own copy)
        if watched:
            logger.warning(
                "groups: the fast build is off because %s listen(s) to content_written: every page is rendered "
                "and written in this process, none is copied from the page cache or left as it was",
                ", ".join(watchers),
            )
        kept = not self.settings.get("DELETE_OUTPUT_DIRECTORY")
        outputs = buildcache.Outputs(self._cache, self.output_path, load=not watched)
        fingerprint = self._fingerprint()
        fragments = buildcache.Store(self._cache, "fragments", fingerprint, load=self._load_cache, lazy=True)
        # Parsing every template for it takes a second: kept with the fragments, under the templates' fingerprint.
        skippable = fragments.get(SKIPPABLE_KEY)
        if skippable is None:
            skippable = self._skippable(jobs)
            fragments.put(SKIPPABLE_KEY, skippable)
        pages = buildcache.Store(self._cache, "pages", fingerprint, load=self._load_cache and not watched, whole=False)
        self.env.auto_reload = False  # templates do not change during a build: no stat() per include
        fragment_cache = FragmentCache(fragments, self._hashes, self.context["today"])
        fragment_cache.install(self.env)
        fragment_cache.install_qr(self.env)

        stores = (pages, fragments, os.getpid())

        def run(jobs: list[Job], last: bool = False) -> tuple[int, int, bool]:
            for job in jobs:
                if (job.template or "calendar") not in skippable:
                    job.key = None
            todo = [job for job in jobs if not outputs.fresh(job.path, job.key)]
            workers = 1 if watched else self._workers
            if len(todo) < (2 if self.settings.get("GROUPS_WORKERS") else PARALLEL_MIN_FILES):
                workers = 1
            failed: list[tuple[str, ContentProblem]] = []
            render = functools.partial(self._render_share, writer, outputs, stores, last=last)
            fragments.release()  # each worker reads through its own connection
            release_free_memory()
            # The last batch's pages of one language show the same cards and entries: kept in one worker.
            shares = fork_map(render, todo, workers, weight=self._weight, together=_language if last else None)
            for written, fragments_taken, failures in shares:
                outputs.add(written)
                fragments.merge(fragments_taken)
                failed += failures
            self._leave_out(failed, jobs, outputs)
            return len(todo), workers, bool(failed)

        # The groups and everything read so far live until the end of the build: the cyclic garbage
        # collector need not walk them again and again (a tenth of the rendering time at 10,000 groups),
        # and forked workers then share their memory pages instead of copying them.
        gc.freeze()
        try:
            first = [job for job in jobs if "group" in job.values]
            done, _, failed = run(first)
            paths = {job.path for job in first}
            jobs = remake() if failed else jobs
            more, workers, _ = run([job for job in jobs if job.path not in paths], last=True)
        finally:
            gc.unfreeze()
        removed = outputs.save(remove_stale=kept)
        fragments.save(keep=fragment_cache.current, prune=bool(removed))  # a removed group's fragments go
        _prune_pages(pages, jobs, written=done + more, removed=bool(removed))
        logger.info(
            "groups: %d files written, %d unchanged, %d removed, %d worker(s)",
            done + more,
            len(jobs) - done - more,
            len(removed),
            workers,
        )
        return jobs

    def _render_share(
        self,
        writer: Any,
        outputs: buildcache.Outputs,
        stores: tuple[buildcache.Store, buildcache.Store, int],
        share: Sequence[Job],
        *,
        last: bool,
    ) -> tuple[list[Any], Any, list[tuple[str, ContentProblem]]]:
        """Write a share of the jobs (in a worker): what was written, the fragments to send back, what failed."""
        pages, fragments, parent = stores
        before = set(fragments.made)  # what the parent made: it has them
        release = None
        if last and os.getpid() != parent:
            # A fragment is in one language: done with a language, the worker writes its fragments out
            # and lets them go, instead of holding every card it made until its share is done (most of
            # a worker's memory at 10,000 groups).
            codes = self.context["groups_site"].codes
            share = sorted(share, key=lambda job: codes.index(job.values.get("lang", codes[0])))
            release = functools.partial(_release_fragments, fragments, before)
        written, failed = self._write_share(writer, share, pages, outputs, release)
        if last and os.getpid() != parent:
            # The last batch's workers write what they made to the cache themselves: sent back, every card
            # and printed entry of the directory was in the build process at once, its peak (240 MB more at
            # 2,000 groups). No later step reads them.
            for text in before:
                fragments.made.pop(text, None)
            fragments.flush()
            return written, (fragments.used, {}), failed
        return written, fragments.taken(before), failed

    def _weight(self, job: Job) -> float:
        """About how long a job takes, in group pages (measured at 1,000 groups): to share the work out evenly."""
        if job.template == "print":  # a QR code and an entry for every group
            return 2.0 * len(self.context["groups"])
        if job.template == "listing":
            return 1 + len(job.values["pager"].groups) / 4
        return 0.2 if job.template is None else 1.0

    def _write_share(
        self,
        writer: Any,
        share: Sequence[Job],
        pages: buildcache.Store,
        outputs: buildcache.Outputs,
        release: Callable[[], None] | None = None,
    ) -> tuple[list[Any], list[tuple[str, ContentProblem]]]:
        """Write one process's share of the jobs: what was written, and what failed (never raised).

        `release` is called whenever the share moves on to another language.
        """
        began = time.perf_counter()
        written, failed = [], []
        held = 0  # bytes of pages put in the page cache since it was last written
        lang = None
        for start in range(0, len(share), PAGES_READ_BATCH):
            batch = share[start : start + PAGES_READ_BATCH]
            keys = [job.key for job in batch if job.key is not None]
            pages.fetch(keys)
            for job in batch:
                if release is not None and job.values.get("lang") != lang:
                    release()
                    lang = job.values.get("lang")
                try:
                    held += self._write_job(writer, job, pages)
                except Exception as error:  # the boundary: one file's failure is reported, the build goes on
                    failed.append(self._failure(job, error))
                    continue
                written.append(outputs.written(job.path, job.key))
                if held > PAGES_HELD_BYTES:
                    pages.flush()
                    held = 0
            pages.let_go(keys)
        pages.flush()
        logger.debug("groups: %d files in %.1f s (process %d)", len(share), time.perf_counter() - began, os.getpid())
        return written, failed

    def _failure(self, job: Job, error: Exception) -> tuple[str, ContentProblem]:
        """What a job's failure is reported as: a problem of its group's file, or of the page."""
        group: Group | None = job.values.get("group")
        what = f"{'calendar' if job.template is None else 'page'} {job.path}"
        if group is not None:
            return group.slug, boundary.failure(self.context, group.slug, what, error)
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:300]
        return "", make_problem(job.path, (1, 1), "", N_("could not be written: %(detail)s"), detail=detail)

    def _leave_out(
        self, failed: list[tuple[str, ContentProblem]], jobs: list[Job], outputs: buildcache.Outputs
    ) -> None:
        """Report what failed; take the failed groups out of the build and their written files out of the output."""
        for slug, problem in failed:
            if not slug:
                logger.error("%s", problem)
        groups = {slug: problem for slug, problem in failed if slug}
        boundary.leave_out(self.context, groups)
        for job in jobs:
            group = job.values.get("group")
            if group is not None and group.slug in groups:
                outputs.forget(job.path)
                with contextlib.suppress(FileNotFoundError):
                    os.remove(os.path.join(self.output_path, job.path))

    def _write_job(self, writer: Any, job: Job, pages: buildcache.Store) -> int:
        """Write one file: from the page cache when it holds it, else made (and then kept there); the bytes kept."""
        data = pages.get(job.key) if job.key is not None else None
        written, kept = False, 0
        if data is None:
            if job.template is None:
                data = self._calendar(**job.values)
            elif self._watched:
                # Through Pelican's writer, which tells the plugins listening to content_written.
                template = self.get_template(job.template)
                writer.write_file(job.path, template, self.context, page_name=job.path, **job.values)
                with open(os.path.join(self.output_path, job.path), "rb") as handle:
                    data, written = handle.read(), True
            else:
                data = self._page(job).encode("utf-8")
            if job.key is not None and self._cache is not None and not self._unkept(job):
                pages.put(job.key, data)
                kept = len(data)
        if not written:
            self._write_file(job.path, data)
        return kept

    def _unkept(self, job: Job) -> bool:
        """A page of every group, made in a kept output folder: its file is what the next rebuild finds.

        Any edit changes its key, so only an empty output folder would ever copy it from the page cache;
        compressing it there was most of the compression of a one-edit rebuild, and grows with the directory.
        """
        return job.template in WHOLE_DIRECTORY and not self.settings.get("DELETE_OUTPUT_DIRECTORY")

    def _page(self, job: Job) -> str:
        """A page rendered with the context Pelican's writer gives a template (without its copy, log line and signal)."""
        values = {**self.context, "localsiteurl": self.context.get("localsiteurl"), "output_file": job.path}
        return self.get_template(job.template).render({**values, "page_name": job.path, **job.values})

    def _write_file(self, path: str, data: bytes) -> None:
        """Write a file of the output, making its folder once a process (a mkdir per file took a tenth of writing)."""
        target = os.path.join(self.output_path, path)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(target, "wb") as handle:
            handle.write(data)

    def _fingerprint(self) -> str:
        """All that a page may show besides its group and day: code, templates, catalogues, settings, taxonomy."""
        if getattr(self, "_fingerprint_value", None) is None:
            conf = self.context["groups_site"].settings
            folders = [
                os.path.join(self.settings.get("THEME", ""), "templates"),
                *self.settings.get("THEME_TEMPLATES_OVERRIDES", []),
                *self.settings.get("EXTRA_TEMPLATES_PATHS", []),
            ]
            pages = sorted((p.lang, p.url, str(p.title)) for p in self.context.get("pages", []))
            self._fingerprint_value = buildcache.digest(
                buildcache.code_digest(),
                buildcache.tree_digest(*folders),
                buildcache.tree_digest(conf["GROUPS_TRANSLATIONS_PATH"], suffixes=(".mo",)),
                buildcache.tree_digest(conf["GROUPS_LANGUAGE_INFO_PATH"]),
                buildcache.settings_digest(self.settings),
                buildcache.file_digest(os.path.join(self.path, conf["GROUPS_TAXONOMY"])),
                buildcache.file_digest(os.path.join(self.path, conf["GROUPS_CRISIS_LINES"])),
                buildcache.tree_digest(os.path.join(self.path, conf["GROUPS_ORGANIZATIONS_PATH"])),
                pages,
            )
        return self._fingerprint_value

    def _skippable(self, jobs: list[Job]) -> set[str]:
        """The kinds of file that may be left as they are: their templates use only what their keys hold.

        A job's key covers the values it is given (`Job.values`), so those names count as keyed.
        """
        safe = {"calendar"}
        known = KEYED_NAMES | set(self.env.globals) | {key for key in self.context if key.isupper()}
        given: dict[str, set[str]] = {}
        for job in jobs:
            if job.template is not None and job.key is not None:
                given.setdefault(job.template, set()).update(job.values)
        parsed: dict[str, nodes.Template] = {}  # base.html and the partials, parsed once for every kind
        for name, values in sorted(given.items()):
            unknown = template_names(self.env, self.get_template(name).name, parsed) - known - values
            if unknown:
                logger.info(
                    "%s pages are rendered on every build: the template uses %s", name, ", ".join(sorted(unknown))
                )
            else:
                safe.add(name)
        return safe

    def _key(self, *parts: Any) -> str:
        return buildcache.digest(self._fingerprint(), *parts)

    # The plan: every file, in the order the sitemap lists the pages.

    def _urls(self, site: Site, pattern: str, **parts: Any) -> dict[str, str]:
        """A page's URL in every language, for hreflang links and the language switcher."""
        return {code: site.url(pattern, lang=code, **parts) for code in site.codes}

    def _root_jobs(self, site: Site) -> list[Job]:
        homes = self._urls(site, "GROUPS_HOME_URL")
        choices = [
            {
                "lang": code,
                "url": homes[code],
                "name": language.name,
                "dir": language.direction,
                "tagline": language.gettext("Find a support group near you or online"),
                # The chooser speaks every language at once, so it carries each one's own words.
                "title": language.gettext("Support groups directory"),
                "choose": language.gettext("Choose your language"),
                "quick_exit": language.gettext("Quick exit"),
                "quick_exit_keys": language.gettext("(or press Esc twice)"),
                "crisis_title": language.gettext("In crisis right now?"),
                "crisis_text": language.gettext("A support group is not emergency help. Call:"),
                "crisis": [
                    render.localized(line.label, language, site.fallbacks(code), site.languages)
                    for line in self.context["crisis_lines"]
                ],
            }
            for code, language in site.languages.items()
        ]
        # What the chooser and the not-found pages say comes from the catalogues and the crisis lines, both
        # in the fingerprint: the path and the day are all their keys need.
        values = {"lang": site.codes[0], "alternate_urls": homes, "choices": choices}
        jobs = [Job("index.html", "root", values, self._key("root", "index.html", self.context["today"]))]
        # Static hosts serve /404.html for every missing page: it speaks the default language first,
        # then says the same briefly in the others. Each language also has its own.
        for code in site.codes:
            others = [
                {
                    "lang": other,
                    "dir": language.direction,
                    "url": homes[other],
                    "title": language.gettext("Page not found"),
                    "home": language.gettext("Find a support group near you or online"),
                }
                for other, language in site.languages.items()
                if other != code
            ]
            values = {"lang": code, "alternate_urls": {}, "others": others}
            path = "404.html" if code == site.codes[0] else f"{code}/404.html"
            jobs.append(Job(path, "404", values, self._key("404", path, self.context["today"])))
            if code == site.codes[0]:
                jobs.append(
                    Job(f"{code}/404.html", "404", values, self._key("404", f"{code}/404.html", self.context["today"]))
                )
        return jobs

    def _language_jobs(self, site: Site, taxonomy: Taxonomy, lang: str) -> list[Job]:
        groups: list[Group] = self.context["groups"]
        fallbacks = site.fallbacks(lang)
        found = browse.listings(groups, taxonomy, lambda g: g.name.pick(lang, fallbacks)[0])
        grouped = browse.sections(found, taxonomy)
        meeting = sum(1 for g in groups if not g.is_forming)
        common = {"lang": lang, "sections": grouped, "found": found, "total": meeting}
        home = self._urls(site, "GROUPS_HOME_URL")
        centres = organization.centres_for(self._organizations().values(), limit=site.settings["GROUPS_CENTRES_SHOWN"])
        # Home and the browse indexes show each listing's name and count, not the groups themselves.
        shape = _shape(found), meeting
        jobs = [self._whole(home, lang, "home", {"centres": centres, **common}, shape)]
        for kind in ("topics", "cities", "days"):
            index = self._urls(site, "GROUPS_BROWSE_INDEX_URL", kind=kind)
            jobs.append(self._whole(index, lang, "browse_index", {"kind": kind, **common}, shape))
        jobs += self._organization_jobs(site, taxonomy, lang)
        for items in found.values():
            for listing in items:
                jobs += self._listing_jobs(site, listing, lang, found)
        printed = self._urls(site, "GROUPS_PRINT_URL")
        directory = browse.printed(found, grouped, groups)
        jobs.append(self._whole(printed, lang, "print", {"directory": directory, **common}, self._directory))
        start = self._urls(site, "GROUPS_START_URL")
        forming = browse.forming_by_topic(groups, taxonomy, lambda g: g.name.pick(lang, fallbacks)[0])
        # The groups being founded, by topic: nothing of the others.
        shown = tuple(self._members(members) for _, members in forming)  # a group's topics are in its file
        jobs.append(self._whole(start, lang, "start", {"lang": lang, "forming": forming}, shown))
        referral = self._urls(site, "GROUPS_LIST_URL")
        jobs.append(self._whole(referral, lang, "referral_list", {"lang": lang}, None))  # no group on it
        today = self._urls(site, "GROUPS_TODAY_URL")
        week_days, has_online = tuple(item.key for item in found["days"]), bool(found["online"])
        values = {"meeting": groups, "week_days": week_days, "has_online": has_online}
        jobs.append(self._whole(today, lang, "today", {**values, **common}, self._directory))
        for group in groups:
            jobs += self._group_jobs(site, group, lang)
        return jobs

    def _whole(self, urls: dict[str, str], lang: str, template: str, values: dict[str, Any], shown: Any) -> Job:
        """A page of the whole directory (and the day), written again when `shown`, what it shows of the groups, changes.

        A page is given only the values its key covers: a template that used another (every group, say)
        would have its pages rendered on every build (see _skippable), never left stale.
        """
        key = self._key(template, lang, self.context["today"], tuple(urls.items()), values.get("kind"), shown)
        return Job(save_as(urls[lang]), template, {"alternate_urls": urls, **values}, key)

    def _listing_jobs(
        self, site: Site, listing: browse.Listing, lang: str, found: dict[str, list[browse.Listing]]
    ) -> list[Job]:
        first = self._urls(site, "GROUPS_BROWSE_URL", kind=listing.kind, key=listing.key)
        size = site.settings["GROUPS_PAGE_SIZE"]
        today = self.context["today"]

        def url(number: int, code: str = lang) -> str:
            return first[code] if number == 1 else f"{first[code]}page/{number}/"

        # What a topic's "today and tomorrow" section links to: the day listings, the online groups.
        week_days, has_online = tuple(item.key for item in found["days"]), bool(found["online"])
        # A topic's or a city's first page lists the meetings today of all its groups, and the first page
        # shows the groups being founded; every other page shows its own groups' cards only (a listing of
        # 3,000 groups has 150 pages: an edited group rewrites one or two of them, not all).
        everyone = buildcache.digest(self._members(listing.groups), self._members(listing.forming))
        forming = buildcache.digest(self._members(listing.forming))
        jobs = []
        for page in browse.paginate(listing.groups, size, url):
            if page.number == 1 and listing.kind in ("topics", "cities"):
                members = everyone
            else:
                members = buildcache.digest(self._members(page.groups), forming if page.number == 1 else None)
            alternates = {code: url(page.number, code) for code in site.codes}
            key = self._key(
                "listing",
                lang,
                today,
                listing.kind,
                listing.key,
                len(listing.groups),
                len(listing.forming),
                page.number,
                page.count,
                tuple(alternates.items()),
                page.previous_url,
                page.next_url,
                members,
                week_days,
                has_online,
            )
            values = {"lang": lang, "alternate_urls": alternates, "listing": listing, "pager": page}
            values |= {"week_days": week_days, "has_online": has_online}
            values["centres"] = self._centres(listing) if page.number == page.count else []
            jobs.append(Job(save_as(page.url), "listing", values, key))
        return jobs

    def _members(self, groups: Sequence[Group]) -> str:
        """What a page that shows these groups is made from: each one's slug and file hash, in order.

        As one text, not a tuple of pairs: the listings' keys hash every group several times per language.
        """
        tokens = self._tokens
        return "\n".join([tokens.get(g.slug) or f"{g.slug} None" for g in groups])

    def _group_jobs(self, site: Site, group: Group, lang: str) -> list[Job]:
        urls = self._group_urls.get(group.slug)
        if urls is None:  # the same for the group's page in every language: made once
            urls = self._group_urls[group.slug] = self._urls(site, "GROUPS_GROUP_URL", slug=group.slug)
        calendar = f"{urls[lang]}{group.slug}.ics"
        source = self._hashes.get(group.slug)
        values = {"lang": lang, "alternate_urls": urls, "group": group, "calendar_url": calendar}
        values["host"] = self._organizations().get(group.organization_key or "")
        # One hash per group and language; its four files' keys extend it (hashing each key was a good
        # part of planning a rebuild). The day is in the page's key only: the other three do not show it.
        page, files = self._key("group", lang, self.context["today"], group.slug, source), self._key(lang, group.slug)
        return [
            Job(save_as(urls[lang]), "group", values, page),
            # What the referral list page (referral_list.html) shows of the group, and its QR code.
            Job(f"{urls[lang]}list.json", "referral_entry", values, f"entry {files} {source}"),
            Job(f"{urls[lang]}qr.svg", "qr", values, f"qr {files}"),
            Job(
                calendar,
                None,
                {"site": site, "group": group, "lang": lang, "url": urls[lang], "path": calendar},
                f"calendar {files} {source}",
            ),
        ]

    # Organisations: a page each, and an index by region.

    def _organizations(self) -> dict[str, Organization]:
        return self.context.get("organizations") or {}

    def _centres(self, listing: browse.Listing) -> list[Organization]:
        """The centres a thin city or topic listing suggests: those serving the city (its region), or the topic."""
        conf = self.context["groups_site"].settings
        if listing.kind not in ("cities", "topics") or len(listing.groups) > conf["GROUPS_THIN_LISTING"]:
            return []
        place = (
            {"city": listing.key, "region": listing.term.region} if listing.kind == "cities" and listing.term else {}
        )
        topic = listing.key if listing.kind == "topics" else None
        return organization.centres_for(
            self._organizations().values(), topic=topic, limit=conf["GROUPS_CENTRES_SHOWN"], **place
        )

    def _organization_jobs(self, site: Site, taxonomy: Taxonomy, lang: str) -> list[Job]:
        """The index of organisations by region, and a page per organisation with its groups."""
        found = self._organizations()
        if not found:
            return []
        index = self._urls(site, "GROUPS_ORGANIZATIONS_URL")
        regions = organization.by_region(found.values(), taxonomy)
        jobs = [self._whole(index, lang, "organizations", {"lang": lang, "regions": regions}, None)]  # no group
        fallbacks = site.fallbacks(lang)
        for slug, org in found.items():
            urls = self._urls(site, "GROUPS_ORGANIZATION_URL", slug=slug)
            groups = sorted(
                organization.groups_of(self.context["groups"], slug), key=lambda g: g.name.pick(lang, fallbacks)[0]
            )
            values = {"alternate_urls": urls, "lang": lang, "organization": org, "groups": groups}
            key = self._key(
                "organization", lang, self.context["today"], slug, tuple(urls.items()), self._members(groups)
            )
            jobs.append(Job(save_as(urls[lang]), "organization", values, key))
        return jobs

    # Files written without a template.

    def _text_file(self, path: str, text: str) -> None:
        self._files.write_text(path, text)

    def _write_discovery(self, site: Site) -> None:
        """sitemap.xml (our pages and Pelican's content pages), robots.txt and a feed of new groups per language.

        Each is written only when its text changed (a kept output folder keeps the file as it was).
        """
        base = f"{self.settings.get('SITEURL', '')}/"
        for page in self.context.get("pages", []):
            urls = {
                p.lang: p.url
                for p in sorted(
                    [page, *page.translations], key=lambda p: site.codes.index(p.lang) if p.lang in site.codes else 99
                )
            }
            self._sitemap.append(discover.PageUrls(urls))
        self._text_file(
            "sitemap.xml", discover.sitemap([*self._sitemap, *self.context.get(discover.SITEMAP_KEY, [])], base)
        )
        self._text_file("robots.txt", discover.robots(base))
        today = self.context["today"]
        groups: list[Group] = sorted(
            self.context["groups"], key=lambda g: (min(g.listed or g.verified, today), g.slug), reverse=True
        )
        for lang, language in site.languages.items():
            fallbacks = site.fallbacks(lang)
            entries = [
                (
                    g,
                    g.name.pick(lang, fallbacks)[0],
                    g.summary.pick(lang, fallbacks)[0],
                    base + site.url("GROUPS_GROUP_URL", lang=lang, slug=g.slug),
                )
                for g in groups[: site.settings["GROUPS_FEED_SIZE"]]
            ]
            feed = site.url("GROUPS_FEED_URL", lang=lang)
            title = f"{language.gettext('Support groups directory')}: {language.gettext('New groups')}"
            self._text_file(
                feed,
                discover.new_groups_feed(
                    entries,
                    title,
                    base + site.url("GROUPS_HOME_URL", lang=lang),
                    base + feed,
                    lang,
                    today=today,
                ),
            )

    def _calendar(self, site: Site, group: Group, lang: str, url: str, path: str) -> bytes:
        """A group's .ics file (its language-free lines were made when the boundary screened it)."""
        return calendar_file(self.context, group, lang, url)


def _prune_pages(pages: buildcache.Store, jobs: list[Job], *, written: int, removed: bool) -> None:
    """Drop the cached pages no job asks for, after a build that wrote many files (a new day) or removed a group.

    Reading every key to tell which are stale took longer than the rest of a one-edit rebuild: the few
    pages an edit replaces stay until then.
    """
    if removed or written >= PRUNE_SHARE * len(jobs):
        pages.prune(job.key for job in jobs if job.key is not None)


def _language(job: Job) -> str | None:
    """The language of a job's page (None: the language chooser, the schema files)."""
    return job.values.get("lang")


def _release_fragments(fragments: buildcache.Store, before: set[str]) -> None:
    """Write the fragments a worker made and forget them, and those it read; keep those the parent made (it writes them)."""
    inherited = {text: fragments.made.pop(text) for text in before & fragments.made.keys()}
    fragments.flush()
    fragments.made.update(inherited)
    fragments.let_go(list(fragments.stored))  # read again if ever asked for (lazy store)


def calendar_file(context: dict[str, Any], group: Group, lang: str, url: str) -> bytes:
    """The .ics file of a group's page in `lang` (at `url`)."""
    site: Site = context["groups_site"]
    fallbacks = site.fallbacks(lang)
    place = ""
    if group.location:
        parts = [group.location.venue, group.location.address]
        place = ", ".join(p.pick(lang, fallbacks)[0] for p in parts if p)
        place = place or context["taxonomy"].cities[group.city].label.pick(lang, fallbacks)[0]
    absolute = f"{context.get('SITEURL', '')}/{url}"
    host = urlsplit(context.get("SITEURL") or "").hostname or site.settings["GROUPS_CALENDAR_HOST"]
    text = EventText(group.name.pick(lang, fallbacks)[0], group.summary.pick(lang, fallbacks)[0], absolute, place)
    return group_calendar(group, text, default_zone=site.settings["GROUPS_TIMEZONE"], host=host)


def page_of_one_group(context: dict[str, Any], group: Group) -> None:
    """The error boundary's step (boundary.py): what the group's pages and calendars show, in every language.

    Its results are kept (schedule answers, Markdown) for the pages, which are rendered after it.
    """
    site: Site = context["groups_site"]
    zone = site.settings["GROUPS_TIMEZONE"]
    next_meetings(group, context["today"], zone)
    client_rules(group, zone)
    first = site.codes[0]
    # Not kept (26 MB at 10,000 groups, in every worker): made again from its language-free lines, which are.
    calendar_file(context, group, first, site.url("GROUPS_GROUP_URL", lang=first, slug=group.slug))
    for lang in site.codes:
        page, fallbacks = site.languages[lang], site.fallbacks(lang)
        render.localized(group.description, page, fallbacks, site.languages, block=True)
        render.long_date(group.verified, page)
        for meeting in group.schedule:
            render.meeting_when(meeting, page, fallbacks, site.languages)
            render.meeting_time(meeting, page, zone)


def template_names(env: Environment, name: str, parsed: dict[str, nodes.Template] | None = None) -> set[str]:
    """The context names a template, and the templates it extends, includes or imports, refer to.

    `parsed` keeps the templates parsed so far, by name, for the next call.
    """
    parsed = {} if parsed is None else parsed
    used: set[str] = set()
    # Names a template sets itself ({% set %}, imports, macros) are no context names, even where Jinja
    # counts them as undeclared (a block or an included partial uses a name its page sets).
    own: set[str] = set()
    pending, seen = [name], set()
    while pending:
        current = pending.pop()
        if current in seen or env.loader is None:
            continue
        seen.add(current)
        if current not in parsed:
            parsed[current] = env.parse(env.loader.get_source(env, current)[0])
        tree = parsed[current]
        used |= meta.find_undeclared_variables(tree)
        own |= {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}  # set, for, with
        own |= {n.target for n in tree.find_all(nodes.Import)} | {n.name for n in tree.find_all(nodes.Macro)}
        for node in tree.find_all(nodes.FromImport):
            own |= {alias if isinstance(alias, str) else alias[1] for alias in node.names}
        pending += [other for other in meta.find_referenced_templates(tree) if other]
        pending += once_partials(tree)
    return used - own


def _shape(found: dict[str, list[browse.Listing]]) -> tuple[Any, ...]:
    """What home and the browse indexes show of the listings: each one's key and counts, in order."""
    return tuple(
        (kind, tuple((item.key, len(item.groups), len(item.forming)) for item in items))
        for kind, items in found.items()
    )
