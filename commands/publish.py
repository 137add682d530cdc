"""Steps of `invoke publish` after the build: content-hashed asset names, precompressed copies, deploy.

Each step works on the freshly built folder only, so nothing reaches the published branch until the
build and every step before the deploy have succeeded; the deploy itself is one `git push` of one
branch, which the remote applies whole or not at all.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from commands.build import PUBLISH_SETTINGS, ROOT, build

# Static files whose name gets a content hash (and so can be cached for ever).
HASHED_SUFFIXES = frozenset(
    {".css", ".js", ".mjs", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2"}
)
# Files that may refer to those assets, and are rewritten to use the hashed names.
REFERRING_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".webmanifest"})
# Files worth precompressing: text.
TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".ics", ".webmanifest", ".map", ".md"}
)
HASH_LENGTH = 10


def publish_problems(
    site_url: str, placeholder: str, changes: list[str], allow_placeholder: bool, allow_dirty: bool
) -> list[str]:
    """Why `invoke publish` should not go ahead: the placeholder address, or files not committed."""
    problems = []
    if site_url.rstrip("/") == placeholder.rstrip("/") and not allow_placeholder:
        problems.append(
            f"SITEURL is the placeholder {placeholder}: every link of the site would point there. "
            "Give the real address (--siteurl https://... or SITEURL=...), or --allow-placeholder to publish anyway."
        )
    if changes and not allow_dirty:
        listed = "\n".join(f"  {line}" for line in changes[:20])
        more = f"\n  ... and {len(changes) - 20} more" if len(changes) > 20 else ""
        problems.append(
            "The working tree has changes that are not committed, and they would be published:\n"
            f"{listed}{more}\nCommit or remove them, or give --allow-dirty to publish anyway."
        )
    return problems


def uncommitted(root: Path) -> list[str]:
    """`git status --porcelain` lines of the tree at `root` (changed and untracked files, not ignored ones)."""
    found = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True, text=True, check=False
    )
    return [line for line in found.stdout.splitlines() if line.strip()] if found.returncode == 0 else []


def _hashed_name(path: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return f"{path.stem}.{digest}{path.suffix}"


def _pattern(references: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression for many references, each a whole path (not part of a longer one)."""
    found = sorted(set(references), key=len, reverse=True)
    if not found:
        return None
    return re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, found)) + r")(?![\w/-]|\.\w)")


def _relative(target: str, source: str) -> list[str]:
    """How a file at `source` can write the address of `target` (both relative to the output root)."""
    path = os.path.relpath(target, os.path.dirname(source) or ".")
    return [path, f"./{path}"] if not path.startswith("../") else [path]


def hash_assets(output: Path, site_url: str, folder: str = "theme") -> dict[str, str]:
    """Give each static asset under output/<folder>/ a content-hashed copy and point every reference to it.

    The copy is `name.<sha256 prefix>.ext` next to the original, which stays (an address someone kept
    still works). References are rewritten in HTML, CSS, JS, SVG, JSON and XML: absolute ones
    (SITEURL/theme/…, /path/theme/…) everywhere, relative ones (./x.js, ../img/y.svg) inside the assets.
    An asset's hash covers its own rewritten references, so assets are hashed after those they use.
    Returns {old path: new path}, relative to `output`.
    """
    output = Path(output)
    base = urlsplit(site_url).path.rstrip("/")
    assets = sorted(
        p.relative_to(output).as_posix()
        for p in (output / folder).rglob("*")
        if p.is_file() and p.suffix in HASHED_SUFFIXES
    )

    def absolute_forms(path: str) -> dict[str, str]:
        forms = {f"{base}/{path}": path}
        if site_url:
            forms[f"{site_url.rstrip('/')}/{path}"] = path
        return forms

    def forms_in(source: str, targets: Iterable[str]) -> dict[str, str]:
        found = {}
        for target in targets:
            found.update(absolute_forms(target))
            if Path(source).suffix in (".css", ".js", ".mjs", ".svg"):
                found.update(dict.fromkeys(_relative(target, source), target))
        return found

    mapping: dict[str, str] = {}
    texts = {a for a in assets if Path(a).suffix in REFERRING_SUFFIXES}
    uses: dict[str, set[str]] = {}
    for asset in texts:
        text = (output / asset).read_text(encoding="utf-8", errors="surrogateescape")
        pattern = _pattern(forms_in(asset, [t for t in assets if t != asset]))
        forms = forms_in(asset, assets)
        uses[asset] = {forms[m.group(1)] for m in pattern.finditer(text)} if pattern else set()
    pending = list(assets)
    while pending:
        ready = [a for a in pending if not (uses.get(a, set()) - set(mapping))]
        # A cycle (two scripts importing each other): hash one anyway; its reference to the other keeps
        # the original name, which still exists.
        for asset in ready or pending[:1]:
            path = output / asset
            if asset in texts:
                _rewrite_file(path, forms_in(asset, mapping), mapping)
            data = path.read_bytes()
            new = (Path(asset).parent / _hashed_name(path, data)).as_posix()
            (output / new).write_bytes(data)
            mapping[asset] = new
            pending.remove(asset)
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        if (
            path.is_file()
            and path.suffix in REFERRING_SUFFIXES
            and relative not in texts
            and relative not in mapping.values()
        ):
            _rewrite_file(path, forms_in(relative, mapping), mapping)
    return mapping


def _rewrite_file(path: Path, forms: dict[str, str], mapping: dict[str, str]) -> None:
    """Replace each reference form by the same form of the hashed name."""
    pattern = _pattern(forms)
    if pattern is None:
        return
    text = path.read_text(encoding="utf-8", errors="surrogateescape")

    def replace(match: re.Match[str]) -> str:
        written = match.group(1)
        old = forms[written]
        return written[: len(written) - len(Path(old).name)] + Path(mapping[old]).name

    new = pattern.sub(replace, text)
    if new != text:
        path.write_text(new, encoding="utf-8", errors="surrogateescape")


def precompress(output: Path, brotli_quality: int = 11, workers: int | None = None) -> int:
    """Write name.gz and name.br next to every text file (for hosts that serve them); return how many files."""
    files = sorted(str(p) for p in Path(output).rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
    count = workers or os.cpu_count() or 1
    if count > 1 and len(files) > 200:
        with ProcessPoolExecutor(count) as pool:
            list(pool.map(_compress, files, [brotli_quality] * len(files), chunksize=64))
    else:
        for name in files:
            _compress(name, brotli_quality)
    return len(files)


def _compress(name: str, brotli_quality: int) -> None:
    import brotli  # local: only publishing needs it

    data = Path(name).read_bytes()
    # mtime=0 and no file name inside: the same file always compresses to the same bytes.
    Path(f"{name}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    Path(f"{name}.br").write_bytes(brotli.compress(data, quality=brotli_quality))


def _git(folder: Path, *args: str, capture: bool = False) -> str:
    result = subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True)
    return result.stdout.strip() if capture else ""


def deploy(output: Path, remote: str, branch: str, message: str) -> str:
    """Commit `output` on top of the remote `branch` with ghp-import and push it; return the commit.

    The commit is made in a throwaway repository, so the working repository and its branches are not
    touched; the push is a fast-forward of one branch, refused if someone published in between.
    """
    with tempfile.TemporaryDirectory(prefix="publish-git-") as folder:
        repo = Path(folder)
        _git(repo, "init", "--quiet")
        if not _has_config(repo, "user.name"):
            _git(repo, "config", "user.name", "Support groups directory publisher")
        if not _has_config(repo, "user.email"):
            _git(repo, "config", "user.email", "publisher@support-groups.invalid")
        if _git(repo, "ls-remote", "--heads", remote, branch, capture=True):
            # The previous deploy becomes the parent, so the push is a fast-forward.
            _git(repo, "fetch", "--quiet", "--depth=1", remote, f"+refs/heads/{branch}:refs/heads/{branch}")
        ghp = Path(sys.executable).with_name("ghp-import")
        command = [str(ghp)] if ghp.exists() else [sys.executable, "-m", "ghp_import"]
        subprocess.run(
            [
                *command,
                "--no-jekyll",
                "--push",
                "--remote",
                remote,
                "--branch",
                branch,
                "--message",
                message,
                str(output),
            ],
            cwd=repo,
            check=True,
        )
        return _git(repo, "rev-parse", f"refs/heads/{branch}", capture=True)


def _has_config(repo: Path, key: str) -> bool:
    return subprocess.run(["git", "config", "--get", key], cwd=repo, capture_output=True, check=False).returncode == 0


def _source_version() -> str:
    """The commit the site is built from, for the deploy's message (read only)."""
    found = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return found.stdout.strip() or "an unversioned tree"


def prepare_site(
    content: str, output: str, overrides: dict | None = None, brotli_quality: int | None = 11
) -> dict[str, str]:
    """Validate, build with publishconf.py into `output`, give assets hashed names, precompress (unless None).

    Refuses (exit 1) before building when any group file has an error, and after building when the
    build logged one. Returns the renamed assets.
    """
    from pelican.settings import read_settings

    from commands.validate import main as validate_main

    if validate_main([], content=content):
        sys.exit("Not published: the group files above have errors (see `invoke validate`).")
    build(content, output, PUBLISH_SETTINGS, strict=True, **(overrides or {}))
    site_url = read_settings(str(PUBLISH_SETTINGS), override=overrides or {})["SITEURL"]
    renamed = hash_assets(Path(output), site_url)
    if brotli_quality is not None:
        count = precompress(Path(output), brotli_quality)
        print(f"{count} text files precompressed (gzip, brotli)")
    return renamed


def publish_site(
    remote: str,
    branch: str = "gh-pages",
    content: str = "content",
    overrides: dict | None = None,
    brotli_quality: int = 11,
) -> str:
    """Prepare the site in a fresh temporary folder, then deploy it with ghp-import; return the commit.

    Nothing is deployed unless every step before succeeded: the folder is removed afterwards whatever
    happens, and the deploy is one push at the very end.
    """
    with tempfile.TemporaryDirectory(prefix="publish-") as folder:
        output = str(Path(folder) / "output")
        prepare_site(content, output, overrides, brotli_quality)
        print(f"deploying to {branch} of {remote}")
        return deploy(Path(output), remote, branch, f"Publish the site built from {_source_version()}")
