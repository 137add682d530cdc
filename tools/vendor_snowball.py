"""Vendor Snowball's Russian stemmer for the browser from the pinned npm package snowball-stemmers.

The package is one 850 KB script with 24 stemmers; the search page needs one. This keeps the package's
own code, unchanged but for indentation, of its base classes and `russianStemmer`, and exports
`stem(word)` as an ES module. Run after changing the pin in tools/package.json:

    .venv/bin/python -m tools.vendor_snowball

tests/parity/test_search_analysis.py checks that the vendored file is this script's output.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tools" / "node_modules" / "snowball-stemmers"
VENDORED = ROOT / "theme" / "static" / "vendor" / "snowball"
LICENCE = """snowball-stemmers (the JavaScript port, https://github.com/mazko/jssnowball): ISC License

Copyright (c) Oleg Mazko

Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is
hereby granted, provided that the above copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE
INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE,
DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR
IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.

The Snowball stemming algorithms (https://snowballstem.org): BSD 3-Clause License

Copyright (c) 2001, Dr Martin Porter
Copyright (c) 2004,2005, Richard Boulton
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are permitted provided
that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of conditions and
   the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and
   the following disclaimer in the documentation and/or other materials provided with the distribution.
3. Neither the name of the Snowball project nor the names of its contributors may be used to endorse or
   promote products derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED
WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A
PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY
DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
POSSIBILITY OF SUCH DAMAGE.
"""
EXPORT = """
const stemmer = new russianStemmer();

/** Snowball's Russian stem of a lower-case word. */
export function stem(word) {
  stemmer.setCurrent(word);
  stemmer.stem();
  return stemmer.getCurrent();
}
"""


def _block(source: str, start: str, end: str) -> str:
    """The source from the line starting with `start` up to (not including) the line starting with `end`."""
    match = re.search(rf"^ *{re.escape(start)}.*?(?=^ *{re.escape(end)})", source, re.S | re.M)
    if not match:
        sys.exit(f"snowball-stemmers changed shape: no block from {start!r} to {end!r}")
    return match.group(0)


def module_text() -> str:
    """The vendored module: the package's helpers, base classes and Russian stemmer, with an ES export."""
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    source = (PACKAGE / "snowball-stemmers.js").read_text(encoding="utf-8")
    first_line = source.splitlines()[0]
    code = "\n".join(
        (
            first_line,
            _block(source, "function _possibleConstructorReturn", "var arabicStemmer"),
            _block(source, "var russianStemmer", "var sloveneStemmer"),
        )
    )
    code = "\n".join(line.strip() for line in code.splitlines() if line.strip())
    header = (
        f"// Snowball's Russian stemmer from the npm package snowball-stemmers {version} (ISC; the algorithm is\n"
        "// Snowball's, BSD): its base classes and russianStemmer, unchanged but for indentation, made an ES\n"
        "// module by tools/vendor_snowball.py. Do not edit; run that script. Licence: ./LICENSE.\n"
    )
    return header + code + "\n" + EXPORT


def main() -> None:
    """Write theme/static/vendor/snowball/russian.js and its LICENSE."""
    VENDORED.mkdir(parents=True, exist_ok=True)
    (VENDORED / "russian.js").write_text(module_text(), encoding="utf-8")
    (VENDORED / "LICENSE").write_text(LICENCE, encoding="utf-8")


if __name__ == "__main__":
    main()
