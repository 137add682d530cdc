"""The build cache on its own: what it keeps between builds, what it forgets, and when it starts afresh."""

from __future__ import annotations

import os
import pickle

from plugins.pages import buildcache
from plugins.pages.buildcache import GroupMemo, Outputs, PageStore, Store
from plugins.pages.parallel import wait_for_background


def saved(store: Store) -> None:
    """Save a store and let a background save finish (small caches are written at once, big ones by a child)."""
    store.save()
    wait_for_background()


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
    first = Store(tmp_path, "fragments.pickle", "v1", load=True)
    first.put("kept", "card A")
    first.put("dropped", "card B")
    saved(first)
    second = Store(tmp_path, "fragments.pickle", "v1", load=True)
    assert second.get("kept") == "card A"
    saved(second)
    third = Store(tmp_path, "fragments.pickle", "v1", load=True)
    assert third.stored == {"kept": "card A"}


def test_a_store_of_other_code_or_a_damaged_file_is_a_cold_cache(tmp_path):
    store = Store(tmp_path, "pages.pickle", "v1", load=True)
    store.put("k", "v")
    saved(store)
    assert Store(tmp_path, "pages.pickle", "v2", load=True).get("k") is None
    (tmp_path / "pages.pickle").write_bytes(pickle.dumps({"fingerprint": "something else"})[:5])
    assert Store(tmp_path, "pages.pickle", "v1", load=True).stored == {}


def test_a_worker_s_store_travels_back_as_what_it_used_and_made(tmp_path):
    parent = Store(tmp_path, "f.pickle", "v1", load=False)
    worker = Store(tmp_path, "f.pickle", "v1", load=False)
    worker.put("made", 1)
    parent.merge(worker.taken())
    assert parent.get("made") == 1 and "made" in parent.used


def test_a_group_memo_calls_again_only_when_the_group_file_changed(tmp_path):
    calls = []

    def make(text):
        return lambda: calls.append(text) or text

    context = {"group_hashes": {"g": "hash1"}, "groups_fingerprint": "fp", "GROUPS_CACHE_PATH": str(tmp_path)}
    memo = GroupMemo(context, "search")
    assert memo.get("g", make("first")) == "first"
    assert memo.get("g", make("again")) == "first"
    memo.save()
    wait_for_background()
    assert GroupMemo(context, "search").get("g", make("next build")) == "first"
    changed = {**context, "group_hashes": {"g": "hash2"}}
    assert GroupMemo(changed, "search").get("g", make("edited")) == "edited"
    assert GroupMemo({}, "search").get("g", make("no cache")) == "no cache"
    assert calls == ["first", "edited", "no cache"]


def test_the_page_store_keeps_pages_of_one_fingerprint_and_prunes_the_others(tmp_path):
    store = PageStore(tmp_path, "fp", load=True)
    store.fetch([])
    store.put("a", b"page a")
    store.put("b", b"page b")
    store.flush()
    again = PageStore(tmp_path, "fp", load=True)
    again.fetch(["a", "b", "c"])
    assert (again.get("a"), again.get("b"), again.get("c")) == (b"page a", b"page b", None)
    again.prune(["a"])
    pruned = PageStore(tmp_path, "fp", load=True)
    pruned.fetch(["a", "b"])
    assert (pruned.get("a"), pruned.get("b")) == (b"page a", None)
    other = PageStore(tmp_path, "other code", load=True)
    other.fetch(["a"])
    assert other.get("a") is None


def test_outputs_skip_an_unchanged_page_and_delete_a_removed_group_s_page(tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    for name in ("he/groups/a/index.html", "he/groups/b/index.html"):
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(name, encoding="utf-8")
    first = Outputs(cache, str(output), load=True)
    first.add([first.written("he/groups/a/index.html", "ka"), first.written("he/groups/b/index.html", "kb")])
    first.save(remove_stale=True)
    wait_for_background()
    second = Outputs(cache, str(output), load=True)
    assert second.fresh("he/groups/a/index.html", "ka")
    assert not second.fresh("he/groups/a/index.html", "a new key")
    assert second.save(remove_stale=True) == ["he/groups/b/index.html"]
    assert not (output / "he" / "groups" / "b").exists()
    (output / "he/groups/a/index.html").write_text("edited by hand", encoding="utf-8")
    third = Outputs(cache, str(output), load=True)
    assert not third.fresh("he/groups/a/index.html", "ka")
