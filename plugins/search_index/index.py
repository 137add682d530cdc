"""One index per language for lunr.js, cut for lazy loading; lunr.py's own index, which tests compare it with."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

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


SHARD_BYTES = 16_000  # about this much JSON per postings file (a third of it gzipped)


@dataclass
class Sharded:
    """An index cut for lazy loading: the term dictionary, and the postings in shards of consecutive terms."""

    terms: list[str]
    starts: list[int]  # the place in `terms` of each shard's first term
    shards: list[dict[str, Any]]


def weights(
    documents: list[dict[str, str]], fields: dict[str, float], terms: Callable[[str | None], Sequence[str]]
) -> tuple[dict[str, dict[int, float]], list[str]]:
    """Per term, per entry (a document's place in `documents`), lunr's BM25 score summed over the fields.

    The score of a term in a field is lunr's (lunr.js `Builder.createFieldVectors`, with lunr's k1 and b,
    the field's boost, rounded to three decimals as lunr rounds); a term in two fields of an entry counts
    in both, as lunr sums the fields. tests/builds/test_search_build.py checks them against lunr.py's builder.
    """
    defaults = Builder()
    k1, b = defaults._k1, defaults._b
    boosts = list(fields.values())
    rows = [[Counter(terms(document[field])) for field in fields] for document in documents]
    lengths = [[sum(found.values()) for found in row] for row in rows]
    count = len(rows)
    average = [sum(row[k] for row in lengths) / count if count else 0 for k in range(len(boosts))]
    present: Counter[str] = Counter(term for row in rows for found in row for term in found)
    idf = {term: math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for term, n in present.items()}
    found: dict[str, dict[int, float]] = {}
    floor, lift = math.floor, k1 + 1
    # Each entry's postings are added in the entries' order: a posting's keys come sorted (see `sharded`).
    for entry, (row, sizes) in enumerate(zip(rows, lengths, strict=True)):
        for k, frequencies in enumerate(row):
            norm = k1 * (1 - b + b * (sizes[k] / average[k])) if average[k] else k1
            boost = boosts[k]
            for term, tf in frequencies.items():
                score = floor(idf[term] * (lift * tf) / (norm + tf) * boost * 1000 + 0.5) / 1000
                posting = found.get(term)
                if posting is None:
                    found[term] = {entry: score}
                elif entry in posting:  # the term in another field of the entry: lunr sums the fields
                    posting[entry] += score
                else:
                    posting[entry] = score
    return found, sorted(found, key=_js_order)


def sharded(
    documents: list[dict[str, str]],
    fields: dict[str, float],
    terms: Callable[[str | None], Sequence[str]],
    shard_bytes: int = SHARD_BYTES,
) -> Sharded:
    """The index of `documents` as a term dictionary and postings shards (what search.js loads).

    A posting lists the entries holding the term as differences from the previous entry, and their
    scores in thousandths: {"p": [[1, 4, 2, ...], ...], "w": [[5120, 800, ...], ...]}, one pair of
    lists per term of the shard, in the dictionary's order.
    """
    found, ordered = weights(documents, fields, terms)
    starts: list[int] = []
    shards: list[dict[str, Any]] = []
    size = shard_bytes
    for i, term in enumerate(ordered):
        if size >= shard_bytes:
            starts.append(i)
            shards.append({"p": [], "w": []})
            size = 0
        posting = found[term]
        entries = list(posting)  # in order: `weights` adds them so
        shards[-1]["p"].append([later - earlier for earlier, later in zip([0, *entries], entries, strict=False)])
        shards[-1]["w"].append([round(score * 1000) for score in posting.values()])
        size += 8 * len(entries) + 2 * len(term) + 6
    return Sharded(ordered, starts, shards)


def dump(data: Any) -> str:
    """Compact, key-sorted JSON, so two builds of the same content are byte-identical."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
