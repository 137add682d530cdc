"""Search: per-language lunr indexes, the documents and facets they return, and the search pages.

- analysis.py: our Hebrew, Arabic and English analysis (the index-time half; theme/static/js/analysis.js
  is the query-time half, proven equal by tests/parity/vectors/analysis.json).
- documents.py: per language, the texts to index, the compact documents results are rendered from,
  and the facets (topic, place, attendance, day, time of day, meeting language, cost, audience,
  facilitation) with their counts.
- index.py: lunr's BM25 weights per term and entry, cut into a term dictionary and postings shards
  (and lunr.py's own index, which the tests compare the weights with).
- generator.py: writes /<lang>/search/ (theme/templates/search.html) and the files the browser loads
  lazily: index.json (the dictionary), p/ (postings), m/ (facet-value members), d/ (one per document)
  and documents.json (every document's facet values, for filters and counts).

lunr.js 2.3.9 is vendored with its licence in theme/static/vendor/lunr/, copied from the npm package
pinned in tools/package.json (a test checks the copy), so a build needs neither node nor the network.
"""

from .generator import register

__all__ = ["register"]
