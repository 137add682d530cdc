"""The build's QR codes (plugins/pages/qr.py) are segno's, byte for byte, only made faster."""

import random

import pytest
import segno

from plugins.pages.qr import qr_matrix, qr_svg


def segno_svg(url: str) -> str:
    """What the build drew with segno alone before qr.py."""
    code = segno.make_qr(url, error="m", mask=2)
    return code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None, title=None)


def addresses() -> list[str]:
    """Group page addresses of every length up to version 14, in every language, and a few odd ones."""
    rng = random.Random(17)
    made = [
        f"https://groups.example.org/{lang}/groups/{'x' * rng.randrange(1, 300)}-{number:05d}/"
        for number, lang in enumerate(rng.choice(["he", "ar", "en", "ru"]) for _ in range(300))
    ]
    return [*made, "https://a.org/", "HTTPS://EXAMPLE.ORG/ABC", "0123456789", "https://example.org/ru/группы/"]


@pytest.mark.parametrize("url", addresses())
def test_the_same_code_as_segno(url: str) -> None:
    assert qr_svg(url) == segno_svg(url)


def test_the_codes_cover_many_versions() -> None:
    versions = {segno.make_qr(url, error="m", mask=2).version for url in addresses()}
    assert set(range(1, 12)) <= versions


def test_the_same_modules_as_segno() -> None:
    url = "https://groups.example.org/he/groups/jerusalem-mental-health-00001/"
    assert [bytes(row) for row in qr_matrix(url)] == [
        bytes(row) for row in segno.make_qr(url, error="m", mask=2).matrix
    ]
