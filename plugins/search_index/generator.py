"""Pelican generator and signal wiring: per language a lunr index, its documents and the search page.

lunr.js is vendored with its licence in theme/static/vendor/lunr/ (copied from the npm package pinned in
tools/package.json; tests/builds/test_search_build.py checks the copy is that file), so building the site needs
neither node nor the network.
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any

from lunr import __TARGET_JS_VERSION__
from pelican import signals
from pelican.generators import Generator

from directory.model import Group, Taxonomy
from directory.settings import save_as
from plugins.pages import boundary, buildcache, discover
from plugins.pages.early import EarlyWriter

from . import analysis
from .documents import LanguageSearch, group_parts, language_search
from .index import Sharded, dump, sharded
from .settings import effective

logger = logging.getLogger(__name__)


class SearchIndexGenerator(EarlyWriter, Generator):
    """Writes each language's lunr index, its documents file and its search page."""

    def generate_context(self) -> None:
        """Offer the search pages to the sitemap, which the groups plugin writes before our output exists."""
        site = self.context.get("groups_site")
        conf = effective(self.settings)
        if site is not None and conf is not None:
            discover.register_page(self.context, {code: conf["SEARCH_URL"].format(lang=code) for code in site.codes})

    early_what = "writing the search"

    def write_files(self, writer: Any) -> None:
        """Build from the groups plugin's context and write the files of every site language."""
        site = self.context.get("groups_site")
        taxonomy: Taxonomy | None = self.context.get("taxonomy")
        if site is None or taxonomy is None:
            logger.warning("search skipped: the groups plugin found no taxonomy")
            return
        conf = effective(self.settings)
        if conf is None:
            return
        groups: list[Group] = self.context.get("groups", [])
        pages = {code: conf["SEARCH_URL"].format(lang=code) for code in site.codes}
        terms = _TermsMemo(self.settings)
        memo = buildcache.GroupMemo.of(self.context, "search")
        # A file whose text is the one written last time is left as it is: opening thousands of small
        # files for writing is most of a rebuild's search time (1,000 groups: 10 of 17 s under load).
        folder = buildcache.cache_folder(self.settings)
        self._outputs = buildcache.Outputs(folder, self.output_path, load=folder is not None, part="search")
        for lang in site.codes:

            def per_group(group: Group, make: Any, lang: str = lang) -> Any:
                return memo.get(group.slug, make, lang)

            found = language_search(
                groups,
                taxonomy,
                site,
                lang,
                conf,
                memo=per_group,
                organizations=self.context.get("organizations"),
                today=self.context.get("today"),
            )
            index_url, documents_url = self._write_search(
                found, sharded(found.index_documents, conf["SEARCH_FIELDS"], terms.get), conf
            )
            self._write_page(writer, found, pages=pages, index_url=index_url, documents_url=documents_url, conf=conf)
        terms.save()
        memo.save()
        self._outputs.save(remove_stale=not self.settings.get("DELETE_OUTPUT_DIRECTORY"))

    def _write_search(self, found: LanguageSearch, index: Sharded, conf: dict[str, Any]) -> tuple[str, str]:
        """Write a language's search files; return the URLs of its dictionary and of its facet values.

        - index.json, the dictionary, loaded first: every term, where each postings shard starts, the
          facets and their counts over the whole directory, what the entries of the facet values are;
        - p/<shard>.json: the postings of consecutive terms (see `index.sharded`);
        - m/<value>.json: the documents of one facet value that has a name ("topic|cancer"), as
          differences from the previous one, and where the value comes in each one's list (a main
          topic ranks first); a posting's entry `count + j` stands for these;
        - d/<document>.json: one document as its result card shows it;
        - documents.json: every document's facet values and map point, for filters, counts and distance.
        Only the dictionary and what a query needs are fetched before its first results.
        """
        index_path = conf["SEARCH_INDEX_SAVE_AS"].format(lang=found.lang)
        folder = os.path.dirname(index_path)
        docs = found.documents["docs"]
        vocabulary = [d["id"] for d in found.index_documents[len(docs) :]]
        facet_position = {f["k"]: i for i, f in enumerate(found.documents["facets"])}
        holders = _facet_holders(docs)
        members = []
        for key in vocabulary:
            facet, _, value = key.partition("|")
            k = facet_position[facet]
            v = found.documents["facets"][k]["values"].index(value)
            ids, ranks = holders.get((k, v), ([], []))
            members.append([[later - earlier for earlier, later in zip([0, *ids], ids, strict=False)], ranks])
        files: dict[str, str] = {}
        for i, shard in enumerate(index.shards):
            files[f"{folder}/p/{i}.json"] = dump(shard)
        for j, found_members in enumerate(members):
            files[f"{folder}/m/{j}.json"] = dump(found_members)
        for i, doc in enumerate(docs):
            files[f"{folder}/d/{i}.json"] = dump(doc)
        documents_path = conf["SEARCH_DOCUMENTS_SAVE_AS"].format(lang=found.lang)
        files[documents_path] = dump({"f": [doc["f"] for doc in docs], "g": [doc.get("g") for doc in docs]})
        digest = hashlib.sha256()
        for path in sorted(files):
            digest.update(path.encode() + b"\0" + files[path].encode())
        token = digest.hexdigest()[:10]
        status = [doc.get("x", "active") for doc in docs]
        meta = {
            "v": 2,
            "version": __TARGET_JS_VERSION__,
            "pipeline": list(analysis.PIPELINE),
            "token": token,
            "count": len(docs),
            "paused": next((i for i, x in enumerate(status) if x != "active"), len(docs)),
            "ended": next((i for i, x in enumerate(status) if x == "ended"), len(docs)),
            "terms": index.terms,
            "starts": index.starts,
            "vocabulary": vocabulary,
            "url": found.documents["url"],
            "dirs": found.documents["dirs"],
            "facets": found.documents["facets"],
            "counts": [[value.count for value in facet.values] for facet in found.facets],
        }
        self._write_files(files)
        return self._write_json(index_path, meta), f"{documents_path}?v={token}"

    def _write_files(self, files: dict[str, str]) -> None:
        """Write many small files, those that changed (one log line for all)."""
        written = sum(self._outputs.write_text(path, text) for path, text in files.items())
        logger.info("Writing %d search files (%d unchanged)", written, len(files) - written)

    def _write_json(self, path: str, data: Any) -> str:
        """Write a JSON file; return its URL with a short content hash, so browsers never mix two builds."""
        text = dump(data)
        if self._outputs.write_text(path, text):
            logger.info("Writing %s", os.path.join(self.output_path, path))
        return f"{path}?v={hashlib.sha256(text.encode()).hexdigest()[:10]}"

    def _write_page(
        self,
        writer: Any,
        found: LanguageSearch,
        *,
        pages: dict[str, str],
        index_url: str,
        documents_url: str,
        conf: dict[str, Any],
    ) -> None:
        writer.write_file(
            save_as(pages[found.lang]),
            self.get_template("search"),
            self.context,
            page_name=pages[found.lang],
            lang=found.lang,
            alternate_urls=pages,
            facets=found.facets,
            total=len(found.documents["docs"]),
            search_index_url=index_url,
            search_documents_url=documents_url,
            search_lunr_url=conf["SEARCH_LUNR_JS"],
        )


class _TermsMemo:
    """The analysed terms of each text indexed, kept in the cache folder: a rebuild analyses only new texts."""

    def __init__(self, settings: dict[str, Any]) -> None:
        # The analysis is code: the stamp of every cache file covers it (buildcache.stamp).
        self.store = buildcache.Store(buildcache.cache_folder(settings), "search-terms", "")

    def get(self, text: str | None) -> tuple[str, ...]:
        """The terms of `text`, from the memo when it was analysed before."""
        found = self.store.get(text)
        if found is None:
            found = analysis.text_terms(text)
            self.store.put(text, found)
        return found

    def save(self) -> None:
        """Keep the texts of this build for the next one."""
        self.store.save()


def _search_of_one_group(context: dict[str, Any], group: Group) -> None:
    """The error boundary's step: the group's search entry in every language, kept for the writer."""
    if "search_conf" not in context:
        context["search_conf"] = effective(context)
    site, taxonomy, conf = context.get("groups_site"), context.get("taxonomy"), context["search_conf"]
    if site is None or taxonomy is None or conf is None:
        return
    memo = buildcache.GroupMemo.of(context, "search")
    organizations, today = context.get("organizations"), context.get("today")
    for lang in site.codes:
        memo.get(
            group.slug,
            lambda lang=lang: group_parts(group, taxonomy, site, lang, conf, organizations=organizations, today=today),
            lang,
        )


def get_generators(pelican: Any) -> type[SearchIndexGenerator]:
    """Add our generator to Pelican's list."""
    return SearchIndexGenerator


def register() -> None:
    """Register the plugin."""
    # Pelican keeps weak references to receivers, so the receiver is a module-level function.
    signals.get_generators.connect(get_generators)
    boundary.add_probe("search", _search_of_one_group)


def _facet_holders(docs: list[dict[str, Any]]) -> dict[tuple[int, int], tuple[list[int], list[int]]]:
    """For each (facet, value): the documents that hold it, in order, and where it comes in each one's list.

    One pass over the documents, not one per facet value (at 10,000 groups, a few hundred passes).
    """
    holders: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for i, doc in enumerate(docs):
        for k, values in enumerate(doc["f"]):
            for rank, v in enumerate(values):
                ids, ranks = holders.setdefault((k, v), ([], []))
                if not ids or ids[-1] != i:  # a value listed twice counts where it first comes
                    ids.append(i)
                    ranks.append(rank)
    return holders
