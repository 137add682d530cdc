"""The invariant, tested generatively: every group file `invoke validate` accepts builds, gets its pages and
calendars in every language, and adds a bounded amount of work and page weight; the validator never raises.

One build holds the sample directory, the hostile-but-valid corpus (tests/fixtures/hostile/valid), files
that share every value, and a few dozen generated files (tests/generative.py); `invoke fuzz` runs the
same with as many generated files as asked.
"""

from __future__ import annotations

import logging

from tests.conftest import build_site
from tests.generative import check_build, prepare_site


def test_every_accepted_file_builds_with_its_pages_light_and_fast(tmp_path, translations_path, caplog):
    logging.getLogger("pelican").setLevel(logging.WARNING)
    content, expected, generated = prepare_site(tmp_path, examples=40, copies=30, derandomize=True)
    assert len(generated.accepted) >= 20 and generated.refused  # the generator reaches both sides
    check = check_build(content, tmp_path / "output", expected, lambda c, o: build_site(c, o, translations_path))
    assert check.failures == []
    assert set(check.seconds) >= set(expected)  # each was worked out before anything was written
    refused = generated.refused + [p.stem for p in (content / "groups").glob("invalid-*.yaml")]
    for slug in refused:
        assert not (tmp_path / "output" / "en" / "groups" / slug).exists()
    # No group was left out (check.failures holds those), and nothing logged an exception on the way.
    assert [record.getMessage() for record in caplog.records if record.exc_info] == []
