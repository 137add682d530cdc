"""`invoke publish`: a good build lands on gh-pages of a (local, bare) remote; a failed or interrupted one never does."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest

import tasks
from commands import publish as publishing
from plugins.pages.generator import GroupsGenerator
from tests.conftest import FIXTURES, ROOT

SITE = "https://groups.example.org/directory"


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def remote(tmp_path) -> Path:
    folder = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(folder))
    return folder


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "sites" / "basic" / "content", folder)
    (folder / "groups" / "broken.yaml").unlink()
    return folder


@pytest.fixture
def publish(tmp_path, translations_path, monkeypatch):
    """Publish a content folder to a remote, as `invoke publish` does, with the test's catalogues."""
    monkeypatch.setenv("SITEURL", SITE)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)

    def run(content: Path, remote: Path) -> str:
        overrides = {"GROUPS_TRANSLATIONS_PATH": str(translations_path), "GROUPS_CACHE_PATH": str(tmp_path / "cache")}
        return publishing.publish_site(str(remote), "gh-pages", str(content), overrides=overrides, brotli_quality=4)

    return run


def published(remote: Path) -> str | None:
    found = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or None


def files(remote: Path) -> set[str]:
    return set(git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages").splitlines())


def show(remote: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(remote), "show", f"gh-pages:{path}"], check=True, capture_output=True
    ).stdout


def test_a_good_build_lands_on_gh_pages(publish, content, remote):
    commit = publish(content, remote)
    assert published(remote) == commit
    tree = files(remote)
    assert {".nojekyll", "index.html", "he/index.html", "en/groups/voices/index.html", "sitemap.xml"} <= tree
    # Absolute addresses under SITEURL, feeds on.
    home = show(remote, "he/index.html").decode()
    assert f'href="{SITE}/he/' in home
    assert f'href="{SITE}/he/feeds/new-groups.atom.xml"' in home
    assert "new-groups.atom.xml" in " ".join(tree)
    # Precompressed copies of every text file, equal to it.
    for name in ("he/index.html", "sitemap.xml", "theme/css/site.css"):
        assert {f"{name}.gz", f"{name}.br"} <= tree
        assert gzip.decompress(show(remote, f"{name}.gz")) == show(remote, name)
        assert brotli.decompress(show(remote, f"{name}.br")) == show(remote, name)
    # Static assets under content-hashed names, and pages that use them.
    css = [name for name in tree if re.fullmatch(r"theme/css/site\.[0-9a-f]{10}\.css", name)]
    assert len(css) == 1
    assert f'href="{SITE}/{css[0]}"' in home
    assert f'href="{SITE}/theme/css/site.css"' not in home
    for script in re.findall(rf'src="{re.escape(SITE)}/(theme/[^"]+)"', home):
        assert re.search(r"\.[0-9a-f]{10}\.js$", script), script
        assert script in tree


def test_the_next_publish_is_a_child_of_the_previous_one(publish, content, remote):
    first = publish(content, remote)
    second = publish(content, remote)
    assert second != first
    assert git("--git-dir", str(remote), "rev-parse", f"{second}^") == first


def test_a_broken_group_file_publishes_nothing(publish, content, remote, capsys):
    before = publish(content, remote)
    capsys.readouterr()
    shutil.copy(FIXTURES / "sites" / "basic" / "content" / "groups" / "broken.yaml", content / "groups")
    with pytest.raises(SystemExit) as exit_info:
        publish(content, remote)
    assert published(remote) == before
    out = capsys.readouterr().out
    assert "broken.yaml" in out
    assert "Not published" in out or "Not published" in str(exit_info.value)
    assert "precompressed" not in out


@pytest.mark.parametrize("failure", [RuntimeError("the disk is full"), KeyboardInterrupt()])
def test_an_exception_or_interruption_mid_build_publishes_nothing(publish, content, remote, monkeypatch, failure):
    before = publish(content, remote)
    written = []

    def fail(self, writer):
        written.append(self.output_path)
        raise failure

    monkeypatch.setattr(GroupsGenerator, "generate_output", fail)
    with pytest.raises(type(failure)):
        publish(content, remote)
    assert written  # the build did start
    assert published(remote) == before
    assert not Path(written[0]).exists()  # the half-built folder is gone


def test_nothing_is_published_to_an_empty_remote_when_the_build_fails(publish, content, remote, monkeypatch):
    monkeypatch.setattr(publishing, "precompress", lambda *a, **k: (_ for _ in ()).throw(OSError("no space")))
    with pytest.raises(OSError):
        publish(content, remote)
    assert published(remote) is None


# The post-processing steps on their own.


def test_assets_get_hashed_names_and_every_reference_follows(tmp_path):
    out = tmp_path
    (out / "theme" / "css").mkdir(parents=True)
    (out / "theme" / "js").mkdir()
    (out / "theme" / "img").mkdir()
    (out / "theme" / "img" / "icon.svg").write_text("<svg/>", encoding="utf-8")
    (out / "theme" / "css" / "site.css").write_text("a{background:url(../img/icon.svg)}", encoding="utf-8")
    (out / "theme" / "css" / "site-print.css").write_text("b{}", encoding="utf-8")
    (out / "theme" / "js" / "a.js").write_text('import "./b.js";\nconst x = "analysis.js.map";', encoding="utf-8")
    (out / "theme" / "js" / "b.js").write_text('import "./a.js";', encoding="utf-8")  # a cycle
    (out / "he").mkdir()
    page = out / "he" / "index.html"
    page.write_text(
        f'<link href="{SITE}/theme/css/site.css"><link href="/directory/theme/css/site-print.css">'
        f'<script src="{SITE}/theme/js/a.js?v=1"></script><a href="{SITE}/theme/css/site.css.html">not an asset</a>',
        encoding="utf-8",
    )
    mapping = publishing.hash_assets(out, SITE)
    assert set(mapping) == {
        "theme/img/icon.svg",
        "theme/css/site.css",
        "theme/css/site-print.css",
        "theme/js/a.js",
        "theme/js/b.js",
    }
    for old, new in mapping.items():
        assert re.fullmatch(
            re.escape(old[: old.rindex(".")]) + r"\.[0-9a-f]{10}" + re.escape(old[old.rindex(".") :]), new
        )
        assert (out / new).read_bytes() == (out / old).read_bytes()
    css = (out / mapping["theme/css/site.css"]).read_text()
    assert f"url(../img/{Path(mapping['theme/img/icon.svg']).name})" in css
    html = page.read_text()
    assert f'href="{SITE}/{mapping["theme/css/site.css"]}"' in html
    assert f'href="/directory/{mapping["theme/css/site-print.css"]}"' in html
    assert f'src="{SITE}/{mapping["theme/js/a.js"]}?v=1"' in html
    assert f'href="{SITE}/theme/css/site.css.html"' in html
    assert "analysis.js.map" in (out / mapping["theme/js/a.js"]).read_text()
    # The hash covers the rewritten text: the stylesheet's name changes with the icon it uses.
    (out / "theme" / "img" / "icon.svg").write_text("<svg></svg>", encoding="utf-8")
    (out / "theme" / "css" / "site.css").write_text("a{background:url(../img/icon.svg)}", encoding="utf-8")
    again = publishing.hash_assets(out, SITE)
    assert again["theme/css/site.css"] != mapping["theme/css/site.css"]


def test_precompressed_files_are_reproducible(tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text("<p>שלום</p>" * 100, encoding="utf-8")
        (tmp_path / folder / "logo.png").write_bytes(b"\x89PNG")
        assert publishing.precompress(tmp_path / folder, brotli_quality=4, workers=1) == 1
    assert (tmp_path / "one" / "index.html.gz").read_bytes() == (tmp_path / "two" / "index.html.gz").read_bytes()
    assert not (tmp_path / "one" / "logo.png.gz").exists()


def test_publishconf_gives_absolute_addresses(monkeypatch):
    from pelican.settings import read_settings

    monkeypatch.delenv("SITEURL", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "Example/support-groups")
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["SITEURL"] == "https://example.github.io/support-groups"
    assert settings["RELATIVE_URLS"] is False
    assert settings["FEED_DOMAIN"] == settings["SITEURL"]
    assert settings["GROUPS_REPOSITORY"] == "Example/support-groups"
    monkeypatch.setenv("SITEURL", "https://groups.example.org/")
    assert read_settings(str(ROOT / "publishconf.py"))["SITEURL"] == "https://groups.example.org"


def test_deploy_workflow_builds_and_deploys_main_to_pages():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    runs = [step.get("run", "") for step in build["steps"]]
    assert any("invoke validate" in run for run in runs)
    assert any("invoke publish-build" in run for run in runs)
    uses = [step["uses"] for job in (build, deploy) for step in job["steps"] if "uses" in step]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert all(re.search(r"@v\d+$", u) for u in uses), uses


def test_publish_refuses_the_placeholder_address_and_a_dirty_tree(tmp_path):
    """`invoke publish` says why it will not publish, and a flag for each reason lets it."""

    placeholder = "https://support-groups.example.org"
    problems = publishing.publish_problems(
        placeholder + "/", placeholder, ["?? content/groups/draft.yaml"], False, False
    )
    assert len(problems) == 2
    assert "--allow-placeholder" in problems[0] and "--siteurl" in problems[0]
    assert "content/groups/draft.yaml" in problems[1] and "--allow-dirty" in problems[1]
    assert publishing.publish_problems(placeholder, placeholder, ["?? x"], True, True) == []
    assert publishing.publish_problems("https://groups.example.net", placeholder, [], False, False) == []
    git("init", "-q", str(tmp_path))
    (tmp_path / "new.yaml").write_text("x", encoding="utf-8")
    assert publishing.uncommitted(tmp_path) == ["?? new.yaml"]


def test_publish_task_stops_before_building(monkeypatch):
    """With the placeholder address, the task exits with its reasons and builds nothing."""
    from invoke import MockContext, Result

    monkeypatch.delenv("SITEURL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.setattr(publishing, "publish_site", lambda *a, **k: pytest.fail("nothing may be built"))
    with pytest.raises(SystemExit) as stopped:
        tasks.publish(MockContext(run=Result(), repeat=True), remote="unused", allow_dirty=True)
    assert "placeholder" in str(stopped.value.code)
