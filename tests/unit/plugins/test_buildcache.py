"""The build cache on its own: what it keeps between builds, what it forgets, and when it starts afresh."""

from __future__ import annotations

import os

from plugins.pages import buildcache
from plugins.pages.buildcache import GroupMemo, Outputs, Store


def test_the_code_digest_covers_the_domain_package_as_well_as_the_plugins():
    folders = {folder.name for folder in buildcache.CODE_FOLDERS}
    assert folders == {"plugins", "directory"}
    assert all(folder.is_dir() for folder in buildcache.CODE_FOLDERS)


def test_a_tree_digest_changes_with_a_file_s_bytes_or_name_but_not_its_time(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored\n", encoding="utf-8")
    first = buildcache.tree_digest(tmp_path, suffixes=(".py",))
    os.utime(tmp_path / "a.py", (1, 1))
    (tmp_path / "notes.txt").write_text("changed\n", encoding="utf-8")
    assert buildcache.tree_digest(tmp_path, suffixes=(".py",)) == first
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert buildcache.tree_digest(tmp_path, suffixes=(".py",)) != first
    (tmp_path / "a.py").rename(tmp_path / "b.py")
    assert buildcache.tree_digest(tmp_path, suffixes=(".py",)) != first
    assert buildcache.file_digest(tmp_path / "missing.py") == ""


def test_settings_that_only_say_where_to_build_do_not_change_the_pages_fingerprint():
    base = {"SITENAME": "Groups", "GROUPS_LANGUAGES": ("he", "en"), "OUTPUT_PATH": "/tmp/a"}
    moved = {**base, "OUTPUT_PATH": "/tmp/b", "GROUPS_CACHE_PATH": "/tmp/cache", "GROUPS_WORKERS": 2}
    assert buildcache.settings_digest(base) == buildcache.settings_digest(moved)
    assert buildcache.settings_digest(base) != buildcache.settings_digest({**base, "SITENAME": "Other"})


def test_a_store_keeps_what_a_build_used_and_drops_the_rest(tmp_path):
    first = Store(tmp_path, "fragments", "v1")
    first.put("kept", "card A")
    first.put("dropped", "card B")
    first.save()
    second = Store(tmp_path, "fragments", "v1")
    assert second.get("kept") == "card A"
    second.save()
    third = Store(tmp_path, "fragments", "v1")
    assert dict(third.items()) == {"kept": "card A"}
    assert buildcache.sections(tmp_path) == {"fragments": 1}
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))] == ["cache.sqlite"]


def test_a_section_of_another_fingerprint_or_other_code_is_emptied_and_the_others_stay(tmp_path, monkeypatch):
    for name in ("pages", "search"):
        store = Store(tmp_path, name, "v1")
        store.put(("group", "hash"), name)
        store.save()
    assert Store(tmp_path, "pages", "v2").get(("group", "hash")) is None  # settings, templates... changed
    assert Store(tmp_path, "pages", "v1").get(("group", "hash")) is None  # emptied, not kept for later
    assert Store(tmp_path, "search", "v1").get(("group", "hash")) == "search"
    monkeypatch.setattr(buildcache, "code_digest", lambda: "other code")
    assert Store(tmp_path, "search", "v1").get(("group", "hash")) is None


def test_a_damaged_cache_file_is_a_cold_cache(tmp_path):
    (tmp_path / "cache.sqlite").write_bytes(b"not a database at all" * 100)
    store = Store(tmp_path, "pages", "v1")
    assert store.get("k") is None
    store.put("k", "v")
    store.save()
    assert Store(tmp_path, "pages", "v1").get("k") == "v"


def test_a_store_read_by_key_fetches_only_what_is_asked_and_prunes_the_rest(tmp_path):
    store = Store(tmp_path, "pages", "fp", whole=False)
    store.put("a", b"page a")
    store.put("b", b"page b")
    store.flush()
    again = Store(tmp_path, "pages", "fp", whole=False)
    assert again.stored == {}
    again.fetch(["a", "c"])
    assert (again.get("a"), again.get("b"), again.get("c")) == (b"page a", None, None)
    again.prune(["a"])
    assert buildcache.sections(tmp_path) == {"pages": 1}
    unread = Store(tmp_path, "pages", "fp", load=False, whole=False)
    unread.fetch(["a"])
    assert unread.get("a") is None  # a build that must render everything


def test_a_lazy_store_reads_an_entry_when_first_asked_and_keeps_what_was_used_or_is_still_good(tmp_path, monkeypatch):
    store = Store(tmp_path, "fragments", "fp")
    for key in ("used", "good", "stale"):
        store.put(key, f"card {key}")
    store.save()
    lazy = Store(tmp_path, "fragments", "fp", lazy=True)
    assert lazy.stored == {}  # nothing read up front
    assert (lazy.get("used"), lazy.get("missing"), lazy.get("missing")) == ("card used", None, None)
    assert set(lazy.stored) == {"used"}
    lazy.put("new", "card new")
    lazy.save(keep=lambda key: key == "good")  # made few: nothing dropped, no key read
    assert len(Store(tmp_path, "fragments", "fp").stored) == 4
    monkeypatch.setattr(buildcache, "LAZY_PRUNE_MADE", 1)  # as after a build that made many
    lazy = Store(tmp_path, "fragments", "fp", lazy=True)
    assert lazy.get("used") == "card used"
    lazy.put("new", "card new")
    lazy.save(keep=lambda key: key == "good")
    assert dict(Store(tmp_path, "fragments", "fp").items()) == {
        "used": "card used",
        "good": "card good",
        "new": "card new",
    }
    child = os.fork()
    if child == 0:  # a forked worker reads through a connection of its own
        os._exit(0 if Store(tmp_path, "fragments", "fp", lazy=True).get("new") == "card new" else 1)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
    fresh = Store(tmp_path, "fragments", "another fingerprint", lazy=True)
    assert fresh.get("used") is None and not fresh.lazy  # an emptied section is not looked up


def test_a_worker_s_store_travels_back_as_what_it_used_and_made(tmp_path):
    parent = Store(tmp_path, "f", "v1", load=False)
    parent.put("before", 0)
    worker = Store(tmp_path, "f", "v1", load=False)
    worker.made = dict(parent.made)  # as forked
    before = set(worker.made)
    worker.put("made", 1)
    used, made = worker.taken(before)
    assert set(made) == {"made"}  # what the parent has already does not travel back
    parent.merge((used, made))
    assert parent.get("made") == 1 and "made" in parent.used


def test_without_a_cache_folder_nothing_is_kept(tmp_path):
    store = Store(None, "pages", "v1")
    store.put("k", "v")
    store.save()
    assert Store(None, "pages", "v1").get("k") is None
    assert list(tmp_path.iterdir()) == []


def test_a_group_memo_calls_again_only_when_the_group_file_changed(tmp_path):
    calls = []

    def make(text):
        return lambda: calls.append(text) or text

    context = {"group_hashes": {"g": "hash1"}, "groups_fingerprint": "fp", "GROUPS_CACHE_PATH": str(tmp_path)}
    memo = GroupMemo(context, "search")
    assert memo.get("g", make("first")) == "first"
    assert memo.get("g", make("again")) == "first"
    memo.save()
    assert GroupMemo(context, "search").get("g", make("next build")) == "first"
    changed = {**context, "group_hashes": {"g": "hash2"}}
    assert GroupMemo(changed, "search").get("g", make("edited")) == "edited"
    assert GroupMemo({}, "search").get("g", make("no cache")) == "no cache"
    assert calls == ["first", "edited", "no cache"]


def test_outputs_skip_an_unchanged_page_and_delete_a_removed_group_s_page(tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    for name in ("he/groups/a/index.html", "he/groups/b/index.html"):
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(name, encoding="utf-8")
    first = Outputs(cache, str(output), load=True)
    first.add([first.written("he/groups/a/index.html", "ka"), first.written("he/groups/b/index.html", "kb")])
    first.save(remove_stale=True)
    second = Outputs(cache, str(output), load=True)
    assert second.fresh("he/groups/a/index.html", "ka")
    assert not second.fresh("he/groups/a/index.html", "a new key")
    assert second.save(remove_stale=True) == ["he/groups/b/index.html"]
    assert not (output / "he" / "groups" / "b").exists()
    (output / "he/groups/a/index.html").write_text("edited by hand", encoding="utf-8")
    third = Outputs(cache, str(output), load=True)
    assert not third.fresh("he/groups/a/index.html", "ka")


def test_a_group_partial_is_rendered_once_per_group_level_and_language_and_kept_while_its_group_is(tmp_path):
    import datetime as dt
    from types import SimpleNamespace

    from jinja2 import DictLoader, Environment

    from plugins.pages.fragments import FragmentCache

    rendered: list[str] = []
    env = Environment(
        loader=DictLoader(
            {
                "partials/entry.html": "<li>{{ seen(group.slug) }}-{{ level }}</li>",
                "page.html": "{% for group in groups %}{% with level = 3 %}{% include 'partials/entry.html' %}"
                "{% endwith %}{% endfor %}",
            }
        )
    )
    env.globals["seen"] = lambda slug: rendered.append(slug) or slug
    hashes = {"a": "1" * 40, "b": "2" * 40}
    fragments = Store(None, "fragments", "")
    cache = FragmentCache(fragments, hashes, dt.date(2026, 12, 7))
    cache.install(env, ("partials/entry.html",))
    groups = [SimpleNamespace(slug="a"), SimpleNamespace(slug="b")]
    page = env.get_template("page.html")
    assert page.render(groups=groups, lang="he") == page.render(groups=groups, lang="he") == "<li>a-3</li><li>b-3</li>"
    assert rendered == ["a", "b"]  # the second page took both entries from the cache
    page.render(groups=groups[:1], lang="en")
    assert rendered == ["a", "b", "a"]  # another language is another entry
    kept = [key for key in fragments.made if cache.current(key)]
    assert len(kept) == 3
    assert not cache.current(next(key for key in fragments.made if "'b'" in key).replace("2" * 40, "3" * 40))
    assert not FragmentCache(fragments, hashes, dt.date(2026, 12, 8)).current(kept[0])  # another day
    assert cache.current("('qr', 'https://example.org/he/groups/a/')")
    assert not cache.current("('qr', 'https://example.org/he/groups/gone/')")


def test_a_small_entry_is_stored_as_it_is_pickled_and_a_large_one_compressed():
    small, large = ("terms", ("a", "b")), ("page", "<p>x</p>" * 500)
    assert buildcache._encode(small)[:1] == b"\x80"  # a pickle: nothing to inflate when read
    assert len(buildcache._encode(large)) < len("<p>x</p>" * 500) // 10
    assert buildcache._decode(buildcache._encode(small)) == small
    assert buildcache._decode(buildcache._encode(large)) == large
