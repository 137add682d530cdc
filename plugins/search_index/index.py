"""One lunr index per language, built with lunr.py and serialised for lunr.js (packed for the wire)."""

from __future__ import annotations

import json
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
    """The built index in a compact form that theme/static/js/search.js `unpack`s into lunr's serialisation.

    lunr's serialisation spells out every term's posting for every field (mostly empty) and a BM25 score
    per term of every field of every document. Both follow from what is kept here: the terms in order,
    and per document the positions of its terms in each field (a term repeated as often as it occurs),
    as differences from the previous position. The browser recomputes the scores with lunr's formula
    from k1, b, the field boosts and the field lengths, as lunr's builder does.
    """
    terms = sorted(builder.inverted_index, key=_js_order)
    position = {term: i for i, term in enumerate(terms)}
    fields = list(builder._fields)
    documents = []
    for ref in builder._documents:
        lists = []
        for field in fields:
            frequencies = builder.field_term_frequencies.get(f"{field}/{ref}", {})
            found = sorted(position[t] for t, tf in frequencies.items() for _ in range(tf))
            lists.append([b - a for a, b in zip([0, *found], found, strict=False)])
        documents.append([ref, *lists])
    return {
        "version": __TARGET_JS_VERSION__,
        "pipeline": list(analysis.PIPELINE),
        "fields": fields,
        "boosts": [builder._fields[f].boost for f in fields],
        "k1": builder._k1,
        "b": builder._b,
        "terms": terms,
        "documents": documents,
        "packed": 2,
    }


def dump(data: Any) -> str:
    """Compact, key-sorted JSON, so two builds of the same content are byte-identical."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
