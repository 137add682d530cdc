"""One lunr index per language, built with lunr.py and serialised for lunr.js (packed for the wire)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder

from . import analysis


class _Builder(Builder):
    """lunr.py's builder without the token set, which only a Python-side search would use."""

    def _create_token_set(self) -> None:
        self.token_set = None


def build(documents: list[dict[str, str]], fields: dict[str, float]) -> Builder:
    """A lunr.py builder with `documents` (dicts with an "id" and one text per field) added and built."""
    normalise, expand = analysis.pipeline_functions()
    builder = _Builder()
    builder.pipeline.add(normalise, expand)
    builder.search_pipeline.add(normalise, expand)
    builder.ref("id")
    for name, boost in fields.items():
        builder.field(name, boost)
    for document in documents:
        builder.add(document)
    builder.index = builder.build()
    return builder


def _js_order(term: str) -> bytes:
    # lunr.js builds its token set from the terms in JavaScript's string order (UTF-16 code units)
    # and refuses words out of that order; Python sorts by code point, which differs past U+FFFF.
    return term.encode("utf-16-be")


def serialise(builder: Builder) -> dict[str, Any]:
    """The built index as lunr serialises it (what lunr.js `Index.load` reads)."""
    serialised = builder.index.serialize()
    serialised["invertedIndex"].sort(key=lambda entry: _js_order(entry[0]))
    return serialised


def pack(builder: Builder) -> dict[str, Any]:
    """A lunr.py builder's index in the compact form of `packed` (kept to check `packed` against lunr.py)."""
    fields = list(builder._fields)
    documents = [
        (
            ref,
            [
                [t for t, tf in builder.field_term_frequencies.get(f"{field}/{ref}", {}).items() for _ in range(tf)]
                for field in fields
            ],
        )
        for ref in builder._documents
    ]
    boosts = {field: builder._fields[field].boost for field in fields}
    return _compact(documents, boosts, builder._k1, builder._b)


def packed(
    documents: list[dict[str, str]], fields: dict[str, float], terms: Callable[[str | None], Sequence[str]]
) -> dict[str, Any]:
    """The index of `documents` in the compact form search.js unpacks, from each field's `terms`.

    theme/static/js/search.js `unpack`s it into lunr's serialisation; `terms` is e.g. a memo of
    `analysis.text_terms`.

    lunr's serialisation spells out every term's posting for every field (mostly empty) and a BM25 score
    per term of every field of every document. Both follow from what is kept here: the terms in order,
    and per document the positions of its terms in each field (a term repeated as often as it occurs),
    as differences from the previous position. The browser recomputes the scores with lunr's formula
    from k1, b, the field boosts and the field lengths, as lunr's builder does; lunr.py's builder itself
    is not needed (tests/test_search_build.py checks both give the same).
    """
    rows: dict[str, list[Sequence[str]]] = {}
    for document in documents:
        rows[str(document["id"])] = [terms(document[field]) for field in fields]
    defaults = Builder()
    return _compact(list(rows.items()), fields, defaults._k1, defaults._b)


def _compact(
    documents: list[tuple[str, list[Sequence[str]]]], boosts: dict[str, float], k1: float, b: float
) -> dict[str, Any]:
    """The packed index of documents given as (ref, the terms of each field)."""
    vocabulary = {term for _, lists in documents for terms in lists for term in terms}
    ordered = sorted(vocabulary, key=_js_order)
    position = {term: i for i, term in enumerate(ordered)}
    rows = []
    for ref, lists in documents:
        row: list[Any] = [ref]
        for terms in lists:
            found = sorted(position[t] for t in terms)
            row.append([later - earlier for earlier, later in zip([0, *found], found, strict=False)])
        rows.append(row)
    return {
        "version": __TARGET_JS_VERSION__,
        "pipeline": list(analysis.PIPELINE),
        "fields": list(boosts),
        "boosts": list(boosts.values()),
        "k1": k1,
        "b": b,
        "terms": ordered,
        "documents": rows,
        "packed": 2,
    }


def dump(data: Any) -> str:
    """Compact, key-sorted JSON, so two builds of the same content are byte-identical."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
