"""What a build keeps for the next one: one store, the SQLite file GROUPS_CACHE_PATH/cache.sqlite.

GROUPS_CACHE_PATH (None, the default) keeps nothing. The file holds named sections of entries; every
entry is read and written through `Store` (get, put, save), by key, so a build reads what it needs and
writes only what changed (an incremental build writes a few rows, not the whole cache again).

The one fingerprint recipe: each section is stamped with `stamp(fingerprint)`: the cache layout
(FORMAT), the digest of the build's Python code (plugins/ and directory/) and the section's own
fingerprint; each entry's key holds a content hash of what it was made from. A stamp that differs
empties the section; a key that differs is a miss, never a stale hit: at worst the work is done again.
Deleting the file is always safe; a damaged file is deleted and the build starts cold. The sections:

- parsed: each group file as read (by path; its bytes' hash, and what the day changes in it);
  invalid when the taxonomy, organisation keys, languages or reader settings change (read_groups).
- pages: rendered pages and calendars, compressed, by page key (group file hash, language, day for
  pages with dates; a listing page's key holds its own groups' hashes, a topic's or city's first page
  all of the listing's; a page of the whole directory holds what it shows: home and the browse indexes
  each listing's count, start the groups being founded, print and today every group's), and fragments
  (read one by one as pages ask for them): a group's card, printed entry and "today" entry per language
  and day, runs of 50 "today" entries (fragments.py), and QR codes by address; all three under the groups
  generator's fingerprint (templates, catalogues, settings, taxonomy, crisis lines, organisations,
  Pelican's pages).
- outputs <folder>: one manifest per writer (pages, files, search, exports): which key or text hash
  each file of an output folder was written from (Outputs), so that a kept output folder is only
  written where something changed; dropped when the folder is gone.
- screened, exports, search, submit-sources: what the other plugins make from one group, by its file
  hash (GroupMemo), under `groups_fingerprint` (the pages' fingerprint and the day).
- search-terms: the analysed terms of each text (search_index), by the text itself.
- templates: Jinja's compiled templates, by template name and source (TemplateStore).

A store's save() drops the entries this build did not use, so the file does not grow with old pages
(the pages and fragments only after a build that wrote many or removed a group: reading every key to
tell took longer than the rest of a one-edit rebuild, whose few replaced entries wait until then).

What a rebuild after one edited group file still does for every group (measured at 1,000 and 3,000
groups, see bench/build.py), and why it stays: one lstat per group file and the unpickling of every
parsed group (the listings are sorted from all of them, and a group's name decides where it is listed);
per language, the listings sorted and a page key per planned file (a group's four files share one
hash per language); one stat per file of the
kept output folder (an output file deleted or changed by hand is written again); the print and today
pages joined again from their cached fragments (print by place, today by runs of 50 groups; into a kept
output folder they are not put in the page cache, which any edit would make stale); in the
background, the search index and the exports assembled again from each group's cached part (only the
files whose text changed are written; the index's BM25 weights use statistics of the whole directory,
so every weight is worked out again); the sitemap's lines. What is rendered, parsed or written is what
changed.

Why not Pelican's own cache (CACHE_CONTENT, CachingGenerator, CHECK_MODIFIED_METHOD): it keeps what
Pelican's readers make of articles and pages, one pickle per generator rewritten whole, checked by file
mtime or hash only; group files are not Pelican content (no reader; warnings span files; what a file
says depends on the day), and rendered pages are not cached by Pelican at all. The setting is the
plugin's own, so Pelican's content cache stays as the site sets it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
import logging
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from directory.crosscheck import directory_warnings, group_warnings
from directory.files.organizations import organization_files, organization_keys, read_organizations
from directory.files.reader import (
    Directory,
    FileRefused,
    group_files,
    load_document,
    read_directory,
    read_group_document,
    read_source,
    read_taxonomy,
)
from directory.model import Group
from directory.problems import ContentProblem
from directory.schedule import months_between
from directory.settings import reader_context
from plugins.pages.parallel import fork_map

logger = logging.getLogger(__name__)

FORMAT = 6  # bump when the layout of the cache file changes
CACHE_FILE = "cache.sqlite"
# The code a page depends on: the Pelican adapters and the domain package they read.
CODE_FOLDERS = (Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[2] / "directory")
# Settings that say where things go or how to build, not what the pages say.
UNRENDERED_SETTINGS = frozenset(
    {
        "PATH",
        "OUTPUT_PATH",
        "CACHE_PATH",
        "CACHE_CONTENT",
        "LOAD_CONTENT_CACHE",
        "GROUPS_CACHE_PATH",
        "DELETE_OUTPUT_DIRECTORY",
        "OUTPUT_RETENTION",
        "GROUPS_WORKERS",
        "PLUGINS",
        "PLUGIN_PATHS",
    }
)
# A lazy store drops its unused entries after a build that made at least this many (see Store.save).
LAZY_PRUNE_MADE = 1000
# Reading a file is worth forking for only when there are many to read.
PARALLEL_READ_MIN = 400


def digest(*parts: Any) -> str:
    """A short stable hash of plain values (text, bytes, numbers, dates, tuples of them)."""
    return hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str:
    """The hash of a file's bytes ("" when it does not exist)."""
    try:
        return hashlib.sha1(Path(path).read_bytes(), usedforsecurity=False).hexdigest()
    except OSError:
        return ""


def tree_digest(*folders: str | os.PathLike[str], suffixes: tuple[str, ...] = ()) -> str:
    """The hash of every file under some folders (names and bytes), in a stable order."""
    found = []
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and (not suffixes or path.suffix in suffixes):
                found.append((str(path.relative_to(root)), file_digest(path)))
    return digest(found)


@functools.cache
def code_digest() -> str:
    """The plugins' and the domain's Python code: a change to any helper may change what a page says.

    Once per process: the code a process runs is the code it imported.
    """
    versions = [(name, metadata.version(name)) for name in LIBRARIES]
    return digest(versions, *(tree_digest(folder, suffixes=(".py",)) for folder in CODE_FOLDERS))


# Libraries whose version changes what a page or file says: counted as code.
LIBRARIES = ("pelican", "jinja2", "markupsafe", "babel", "icalendar", "segno", "markdown", "nh3", "phonenumbers")


def stamp(fingerprint: str) -> tuple[int, str, str]:
    """What a section is stamped with: the layout, the code and the section's own fingerprint."""
    return FORMAT, code_digest(), fingerprint


def settings_digest(settings: Mapping[str, Any]) -> str:
    """The settings that can show on a page, as stable text."""
    plain = {key: value for key, value in settings.items() if key.isupper() and key not in UNRENDERED_SETTINGS}
    return digest(json.dumps(plain, sort_keys=True, default=_plain))


def _plain(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(map(repr, value))
    return repr(value) if not callable(value) else getattr(value, "__qualname__", "callable")


def cache_folder(settings: Mapping[str, Any]) -> Path | None:
    """The GROUPS_CACHE_PATH folder, or None when the build keeps no cache."""
    folder = settings.get("GROUPS_CACHE_PATH")
    return Path(folder) if folder else None


# The one store.


def connect(folder: Path) -> sqlite3.Connection:
    """The cache file, made ready; a file that is not a cache of this layout is deleted and made anew.

    A connection is opened per step and closed after it: forked workers never share one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(folder / CACHE_FILE)
    except sqlite3.DatabaseError as exc:  # a damaged or foreign file is just a cold cache
        logger.info("starting the build cache %s afresh: %s", folder / CACHE_FILE, exc)
        for name in (CACHE_FILE, f"{CACHE_FILE}-wal", f"{CACHE_FILE}-shm"):
            (folder / name).unlink(missing_ok=True)
        return _connect(folder / CACHE_FILE)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=300)
    try:
        connection.execute("PRAGMA journal_mode=WAL")  # readers and one writer at a time, across processes
        # A cache need not survive a power cut (a damaged file is started afresh): no fsync at every commit,
        # and the write-ahead log is cut back after a build's big writes.
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(f"PRAGMA journal_size_limit={16 * 2**20}")
        connection.execute("CREATE TABLE IF NOT EXISTS sections (name TEXT PRIMARY KEY, stamp TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS entries (section TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
            "PRIMARY KEY (section, key)) WITHOUT ROWID"
        )
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """Unpickling thousands of groups makes objects the cyclic collector would walk again and again for nothing.

    (The parsed groups of 1,000 files load in 0.10 s instead of 0.26 s.)
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _text(key: Any) -> str:
    """An entry's key as stored: keys are plain values (text, numbers, dates, tuples of them)."""
    return key if isinstance(key, str) else repr(key)


class Store:
    """One section of the cache file: values by key, read on first use, written back by save().

    With `whole`, every entry of the section is read at once (as raw bytes, unpickled when asked for);
    else only the keys `fetch` names (the pages: a build needs the pages it writes, not every page), or,
    `lazy`, each entry the first time `get` asks for it (the fragments: a rebuild after one edit needs a
    few hundred of the hundreds of thousands kept at 10,000 groups, which took seconds to read whole).
    A forked worker either sends back what it used and made (`taken()`, merged by the parent) or writes
    what it made itself (`flush()`). Without a cache folder it keeps nothing and finds nothing.
    """

    def __init__(
        self,
        cache: Path | None,
        name: str,
        fingerprint: str,
        *,
        load: bool = True,
        whole: bool = True,
        lazy: bool = False,
    ):
        self.folder, self.name, self.load = cache, name, load
        self.stored: dict[str, bytes] = {}  # key text: the pickled (key, value) of the previous builds
        self.made: dict[str, tuple[Any, Any]] = {}  # key text: (key, value) made by this build, to write
        self.used: set[str] = set()
        self._values: dict[str, Any] = {}  # what was unpickled so far
        self.lazy = lazy and load and cache is not None
        self._absent: set[str] = set()  # keys looked up and not found (lazy)
        self._reader: tuple[int, sqlite3.Connection] | None = None  # the process's connection (lazy)
        if cache is not None:
            self._open(repr(stamp(fingerprint)), load and whole and not lazy)

    def _open(self, stamped: str, read_all: bool) -> None:
        """Check the section's stamp (another empties it); read every entry when asked to."""
        assert self.folder is not None
        connection = connect(self.folder)
        try:
            with connection:
                found = connection.execute("SELECT stamp FROM sections WHERE name = ?", (self.name,)).fetchone()
                if found is None or found[0] != stamped:
                    connection.execute("DELETE FROM entries WHERE section = ?", (self.name,))
                    connection.execute("INSERT OR REPLACE INTO sections VALUES (?, ?)", (self.name, stamped))
                    self.lazy = False  # nothing to look up
                    return
            if read_all:
                rows = connection.execute("SELECT key, value FROM entries WHERE section = ?", (self.name,))
                self.stored = dict(rows)
        finally:
            connection.close()

    def let_go(self, keys: Iterable[Any]) -> None:
        """Forget what was read for these keys (still counted as used): they were written out."""
        for key in keys:
            text = _text(key)
            self.stored.pop(text, None)
            self._values.pop(text, None)

    def fetch(self, keys: Iterable[Any]) -> None:
        """Read the stored entries of these keys (a store that is not read whole)."""
        if self.folder is None or not self.load:
            return
        wanted = [_text(key) for key in keys]
        connection = connect(self.folder)
        try:
            for start in range(0, len(wanted), 900):
                chunk = wanted[start : start + 900]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM entries WHERE section = ? AND key IN ({marks})"
                self.stored.update(connection.execute(query, (self.name, *chunk)))
        finally:
            connection.close()

    def get(self, key: Any) -> Any:
        """What was made from `key`, by this build or a previous one; None if nothing."""
        text = _text(key)
        if text in self.made:
            return self.made[text][1]
        if text not in self.stored and not self._look_up(text):
            return None
        self.used.add(text)
        return self._value(text)

    def _look_up(self, text: str) -> bool:
        """Read one entry of a lazy store; True if it is there."""
        if not self.lazy or text in self._absent:
            return False
        reader = self._reader
        if reader is None or reader[0] != os.getpid():  # a forked worker opens its own
            assert self.folder is not None
            reader = self._reader = os.getpid(), connect(self.folder)
        query = "SELECT value FROM entries WHERE section = ? AND key = ?"
        row = reader[1].execute(query, (self.name, text)).fetchone()
        if row is None:
            self._absent.add(text)
            return False
        self.stored[text] = row[0]
        return True

    def release(self) -> None:
        """Close this process's connection of a lazy store (before forking: a connection is never shared)."""
        if self._reader is not None and self._reader[0] == os.getpid():
            self._reader[1].close()
        self._reader = None

    def _value(self, text: str) -> Any:
        if text not in self._values:
            with collector_off():
                self._values[text] = _decode(self.stored[text])[1]
        return self._values[text]

    def items(self) -> Iterator[tuple[Any, Any]]:
        """Every stored entry as (key, value), without marking it used."""
        with collector_off():
            for blob in self.stored.values():
                yield _decode(blob)

    def put(self, key: Any, value: Any) -> None:
        """Keep what was just made from `key`."""
        text = _text(key)
        self.made[text] = (key, value)
        self.used.add(text)

    def taken(self, before: Iterable[str] = ()) -> tuple[set[str], dict[str, tuple[Any, Any]]]:
        """The keys used and the entries made (except those made `before` the worker started), to send from a worker."""
        made = self.made.keys() - set(before)
        return self.used, {text: self.made[text] for text in made}

    def merge(self, taken: tuple[set[str], dict[str, tuple[Any, Any]]]) -> None:
        """Add what a worker used and made."""
        used, made = taken
        self.used |= used
        self.made.update(made)

    def flush(self) -> None:
        """Write what was made so far (a worker, its own), keeping the rest."""
        self._write(self.made.items(), ())
        self.made.clear()

    def save(self, keep: Callable[[str], bool] | None = None, *, prune: bool = False) -> None:
        """Write what this build made; drop what it did not use, unless `keep(key text)` says it is still good.

        `keep` reads the key as stored (its repr): no entry is unpickled to decide. A lazy store drops
        what it did not use only when told to `prune` (a group was removed) or after a build that made
        many entries (LAZY_PRUNE_MADE: a new day, a cold build): reading every key to tell took longer
        than the rest of a one-edit rebuild, whose few dozen replaced entries wait until then.
        """
        self.release()
        if self.lazy and not prune and len(self.made) < LAZY_PRUNE_MADE:
            self._write(self.made.items(), ())
            self.made.clear()
            return
        unused = (self._keys() if self.lazy else self.stored.keys()) - self.used
        if keep is not None:
            unused = {text for text in unused if not keep(text)}
        self._write(self.made.items(), unused)
        self.made.clear()

    def prune(self, keys: Iterable[Any]) -> None:
        """Keep only the entries of `keys` in the file (for a store that is not read whole)."""
        if self.folder is None:
            return
        self._write((), self._keys() - {_text(key) for key in keys})

    def _keys(self) -> set[str]:
        """Every key of the section in the file, as stored."""
        assert self.folder is not None
        connection = connect(self.folder)
        try:
            return {row[0] for row in connection.execute("SELECT key FROM entries WHERE section = ?", (self.name,))}
        finally:
            connection.close()

    def _write(self, made: Collection[tuple[str, tuple[Any, Any]]], dropped: Collection[str]) -> None:
        if self.folder is None or not (made or dropped):
            return
        # Encoded row by row as SQLite takes them: never the whole section in memory twice.
        rows = ((self.name, text, _encode(entry)) for text, entry in made)
        connection = connect(self.folder)
        try:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
                connection.executemany(
                    "DELETE FROM entries WHERE section = ? AND key = ?", ((self.name, text) for text in dropped)
                )
        finally:
            connection.close()


# Entries pickled to less than this are kept uncompressed: a rebuild reads tens of thousands of small ones
# (each text's search terms, each group's parts), and inflating them was a tenth of its search time.
COMPRESS_FROM = 512


def _encode(entry: tuple[Any, Any]) -> bytes:
    """An entry as stored: pickled, and compressed when large (pages and fragments are HTML: a fifth of the size)."""
    pickled = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    return zlib.compress(pickled, 1) if len(pickled) >= COMPRESS_FROM else pickled


def _decode(blob: bytes) -> Any:
    # Our own cache file, written by _encode: a pickle starts with its PROTO byte, a zlib stream never does.
    return pickle.loads(blob if blob[:1] == b"\x80" else zlib.decompress(blob))


def forget_sections(folder: Path | None, prefix: str, stale: Callable[[str], bool]) -> None:
    """Drop the sections named `prefix…` for which `stale(rest of the name)` is true."""
    if folder is None:
        return
    connection = connect(folder)
    try:
        with connection:
            names = [row[0] for row in connection.execute("SELECT name FROM sections")]
            for name in names:
                if name.startswith(prefix) and stale(name[len(prefix) :]):
                    connection.execute("DELETE FROM entries WHERE section = ?", (name,))
                    connection.execute("DELETE FROM sections WHERE name = ?", (name,))
    finally:
        connection.close()


def sections(folder: Path) -> dict[str, int]:
    """The sections of the cache file and how many entries each holds (for tests and a look inside)."""
    connection = connect(folder)
    try:
        names = dict.fromkeys((row[0] for row in connection.execute("SELECT name FROM sections")), 0)
        counted = connection.execute("SELECT section, COUNT(*) FROM entries GROUP BY section")
        return {**names, **dict(counted)}
    finally:
        connection.close()


class TemplateStore(BytecodeCache):
    """Jinja's compiled templates, in the store: each generator's environment compiles the theme again otherwise.

    (Measured at 1,000 groups: an incremental build compiles the theme in about 0.3 s without it.)
    """

    def __init__(self, folder: Path) -> None:
        self.store = Store(folder, "templates", "")

    def load_bytecode(self, bucket: Bucket) -> None:
        """Jinja's hook: the compiled code of a template, when its source is unchanged."""
        found = self.store.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.bytecode_from_string(found[1])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Jinja's hook: keep a template just compiled (an edited template's entry is replaced)."""
        self.store.put(bucket.key, (bucket.checksum, bucket.bytecode_to_string()))
        self.store.flush()


# Parsed groups.


@dataclass
class Parsed:
    """One group file as the reader left it: its hash, the group (or None) and its own problems."""

    source: str
    when: Any  # what the day of the build changed in it (see _day_signature)
    group: Group | None
    problems: list[ContentProblem]
    stat: tuple[int, int] = (0, 0)  # size and mtime when it was hashed
    data: Any = None  # a valid group file's own values, as the reader gives them (not kept in the cache)


def _stat(path: str) -> tuple[int, int]:
    try:
        found = os.lstat(path)  # a link is not followed: the reader refuses it
    except OSError:
        return -1, 0
    return found.st_size, found.st_mtime_ns


def _source(path: str, entry: Parsed | None) -> tuple[str, tuple[int, int]]:
    """The hash of a file's bytes; not read again when its size and mtime are those it had when hashed."""
    stat = _stat(path)
    if entry is not None and entry.stat == stat:
        return entry.source, stat
    try:
        raw = read_source(path)
    except FileRefused as refused:
        raw = f"refused: {refused} {stat}".encode()  # the reader reports it; read again when it changes
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest(), stat


def _day_signature(group: Group | None, today: dt.date | None, stale_months: int) -> Any:
    """All that the day of the build changes when a file is read: future dates and the stale warning."""
    day = today or dt.date.today()
    if group is None:
        return day  # a file with errors may have a date in the future: read it again tomorrow
    if group.verified > day:
        return "future"
    age = months_between(group.verified, day)
    return age if age >= stale_months else "fresh"


class LazyDocuments(Mapping[str, Any]):
    """Group documents loaded only when a warning across files needs a position in one of them."""

    def __init__(self, paths: dict[str, str]) -> None:
        self._paths = paths
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, slug: str) -> Any:
        if slug not in self._loaded:
            self._loaded[slug] = load_document(self._paths[slug])
        return self._loaded[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


@dataclass
class GroupSources:
    """The directory as read, the hash of each valid group's file (for page keys) and its file and values."""

    directory: Directory
    hashes: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, Any]] = field(default_factory=dict)  # values None: not read in this build


def read_groups(
    content: str,
    conf: dict[str, Any],
    today: dt.date | None,
    cache: Path | None,
    *,
    load: bool = True,
    workers: int = 1,
) -> GroupSources:
    """What validate.read_content gives; with a cache, only the files that changed since the last build are read."""
    languages = tuple(conf["GROUPS_LANGUAGES"])
    taxonomy_path = os.path.join(content, conf["GROUPS_TAXONOMY"])
    taxonomy, taxonomy_problems = read_taxonomy(taxonomy_path, languages)
    files = [str(path) for path in group_files(os.path.join(content, conf["GROUPS_PATH"]))]
    if taxonomy is None:
        return GroupSources(Directory(problems=taxonomy_problems))
    organizations = os.path.join(content, conf["GROUPS_ORGANIZATIONS_PATH"])
    keys = organization_keys(organizations)
    context = reader_context(conf, taxonomy, today, keys)
    stale = conf["GROUPS_STALE_MONTHS"]
    fingerprint = digest(
        os.getcwd(),  # problems name files relative to it
        file_digest(taxonomy_path),
        sorted(keys),  # the organisations a group may name
        languages,
        conf["GROUPS_PHONE_REGION"],
        tuple(conf["GROUPS_GEO_BOUNDS"] or ()),
        stale,
    )
    store = Store(cache, "parsed", fingerprint, load=load)
    cached: dict[str, Parsed] = dict(store.items())
    found = {path: _source(path, cached.get(path)) for path in files}
    sources = {path: source for path, (source, _) in found.items()}
    entries: dict[str, Parsed] = {}
    missing = []
    for path in files:
        entry = cached.get(path)
        if entry and entry.source == sources[path] and entry.when == _day_signature(entry.group, today, stale):
            store.used.add(path)
            if entry.stat != found[path][1]:  # touched, not changed: keep the new status
                entry.stat = found[path][1]
                store.put(path, entry)
            entries[path] = entry
        else:
            missing.append(path)

    def parse(paths: Iterable[str]) -> list[tuple[str, Parsed]]:
        parsed = []
        for path in paths:
            group, doc = read_group_document(path, context)
            problems = list(doc.problems)
            if group is not None:
                problems += group_warnings(group, doc, today, stale, languages)
            day = _day_signature(group, today, stale)
            data = doc.data if group is not None else None
            parsed.append((path, Parsed(sources[path], day, group, problems, found[path][1], data)))
        return parsed

    share = workers if len(missing) >= PARALLEL_READ_MIN else 1
    for parsed in fork_map(parse, missing, share):
        entries.update(parsed)
        for path, entry in parsed:
            store.put(path, replace(entry, data=None))
    store.save()
    found = _assemble(
        files, entries, sources, context=context, stale=stale, taxonomy_read=(taxonomy, taxonomy_problems)
    )
    read = read_organizations(organization_files(organizations), context)  # a few files: never cached
    found.directory.organizations = read.entries
    found.directory.problems = sorted(found.directory.problems + read.problems)
    return found


def _assemble(
    files: list[str],
    entries: dict[str, Parsed],
    sources: dict[str, str],
    *,
    context: dict[str, Any],
    stale: int,
    taxonomy_read: tuple[Any, list[ContentProblem]],
) -> GroupSources:
    """The directory from the files' entries, in file order, with the warnings that span files."""
    taxonomy, taxonomy_problems = taxonomy_read
    result = Directory()
    documents: dict[str, str] = {}
    for path in files:
        entry = entries[path]
        group = entry.group
        if group is not None and group.slug in documents:
            # Two files with one name (x.yaml and x.yml): let the reader's own loop report it.
            directory = read_directory(files, context, stale)
            directory.problems = sorted(taxonomy_problems + directory.problems)
            directory.taxonomy = taxonomy
            first: dict[str, str] = {}
            for candidate in files:
                first.setdefault(Path(candidate).stem, candidate)
            return GroupSources(directory, {g.slug: sources[first[g.slug]] for g in directory.groups})
        result.problems.extend(entry.problems)
        if group is not None:
            result.groups.append(group)
            documents[group.slug] = path
    result.problems.extend(directory_warnings(result.groups, LazyDocuments(documents)))  # type: ignore[arg-type]
    result.problems = sorted(taxonomy_problems + result.problems)
    result.taxonomy = taxonomy
    hashes = {group.slug: sources[documents[group.slug]] for group in result.groups}
    files = {group.slug: (documents[group.slug], entries[documents[group.slug]].data) for group in result.groups}
    return GroupSources(result, hashes, files)


# Pages written.


class Outputs:
    """The key and file status of every page the groups plugin wrote into one output folder.

    A page whose key is unchanged and whose file is still the one written (same size and mtime) is
    not written again; a page of the previous build that this build does not make (a removed group)
    is deleted, so an output folder that is kept between builds ends up as a fresh build would.
    The manifest is one entry of the folder's section per writer (`part`: the pages, the search files…),
    a dict by file name: read in one go, written when it changed.
    """

    def __init__(self, cache: Path | None, output: str, load: bool, part: str = "pages") -> None:
        self.output, self.entry = output, f"{MANIFEST} {part}"
        self.store = Store(cache, OUTPUTS + os.path.abspath(output), "outputs", load=load)
        self.previous: dict[str, tuple[str | None, int, int]] = self.store.get(self.entry) or {}
        self.current: dict[str, tuple[str | None, int, int]] = {}

    def _status(self, name: str) -> tuple[int, int] | None:
        try:
            stat = os.stat(os.path.join(self.output, name))
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    def fresh(self, name: str, key: str | None) -> bool:
        """True (and kept) when the file `name` was written from `key` and is unchanged since."""
        entry = self.previous.get(name) if key is not None else None
        if entry is None or entry[0] != key or self._status(name) != entry[1:]:
            return False
        self.current[name] = entry
        return True

    def written(self, name: str, key: str | None) -> tuple[str, tuple[str | None, int, int]] | None:
        """The manifest entry of a file just written."""
        status = self._status(name)
        return (name, (key, *status)) if status else None

    def write_text(self, name: str, text: str) -> bool:
        """Write a text file unless it holds this text already (as written by the previous build); True if written."""
        key = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()
        if self.fresh(name, key):
            return False
        target = os.path.join(self.output, name)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        self.add([self.written(name, key)])
        return True

    def forget(self, name: str) -> None:
        """A file written in this build was removed again."""
        self.current.pop(name, None)

    def add(self, entries: Iterable[tuple[str, tuple[str | None, int, int]] | None]) -> None:
        """Record entries made by `written` (here or in a worker)."""
        self.current.update(entry for entry in entries if entry)

    def save(self, remove_stale: bool) -> list[str]:
        """Delete the previous build's pages this build did not make; store the manifest; return what was deleted."""
        removed = []
        for name, entry in self.previous.items() if remove_stale else ():
            if name not in self.current and self._status(name) == entry[1:]:
                target = os.path.join(self.output, name)
                os.remove(target)
                removed.append(name)
                _remove_empty_folders(os.path.dirname(target), self.output)
        if self.current != self.previous:
            self.store.put(self.entry, self.current)
        self.store.flush()  # the other writers' manifests stay
        # The manifests of output folders that are gone (a publish builds in a temporary one).
        forget_sections(self.store.folder, OUTPUTS, lambda folder: not os.path.isdir(folder))
        return removed


MANIFEST = "manifest"  # and the writer's part: an entry of an output folder's section
OUTPUTS = "outputs "  # and the output folder: the name of an output folder's manifest


def _remove_empty_folders(folder: str, root: str) -> None:
    root = os.path.abspath(root)
    folder = os.path.abspath(folder)
    while folder.startswith(root + os.sep) and not os.listdir(folder):
        os.rmdir(folder)
        folder = os.path.dirname(folder)


# Rendered pages and fragments (a group's card, its entry in the printable directory).


class GroupMemo:
    """What other plugins make from one group (an export's entry, a search text), kept between builds.

    Keyed by the hash of the group's file; the store belongs to one fingerprint of everything else a
    result may depend on (code, templates, catalogues, settings, taxonomy, the day: `groups_fingerprint`,
    set by the groups generator), so any other change starts afresh. Without a cache folder, it only calls.
    """

    def __init__(self, context: Mapping[str, Any], name: str) -> None:
        self.hashes: Mapping[str, str] = context.get("group_hashes") or {}
        fingerprint = context.get("groups_fingerprint")
        folder = cache_folder(context) if fingerprint else None
        self.store = Store(folder, name, fingerprint or "")

    @classmethod
    def of(cls, context: dict[str, Any], name: str) -> GroupMemo:
        """The build's one memo of `name`: what the error boundary's screen made is there for the writer."""
        memos = context.setdefault("groups_memos", {})
        if name not in memos:
            memos[name] = cls(context, name)
        return memos[name]

    def get(self, slug: str, make: Callable[[], Any], *parts: Any) -> Any:
        """`make()`'s result for the group `slug` (and `parts`), from the store while its file is unchanged."""
        source = self.hashes.get(slug)
        if source is None:
            return make()
        key = (slug, source, *parts)
        found = self.store.get(key)
        if found is None:
            found = make()
            self.store.put(key, found)
        return found

    def save(self) -> None:
        """Keep the results of this build for the next one."""
        self.store.save()
