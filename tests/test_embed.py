"""A village's card for other sites (`embed/desa/KODE/`): a small page of its own with the headline figures, the
desil trend, the release date and a link back, meant for an <iframe> on a village's or a regency's website.
"""

from __future__ import annotations

import functools
import http.server
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from conftest import serve

MAX_CARD_BYTES = 15_000
SNIPPET_HEIGHT = 680  # the height the village page's snippet gives the card's <iframe>


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def headline(page: BeautifulSoup, selector: str) -> list[str]:
    """The big numbers of a headline, but the district's median (which the card leaves to the page)."""
    return [
        strong.get_text(strip=True)
        for strong in page.select(f"{selector} li strong")
        if "median desa di Kec." not in strong.parent.get_text()
    ]


def test_every_village_has_a_card_that_needs_nothing_from_elsewhere(built_site: Path) -> None:
    villages = sorted(path.parent.name for path in (built_site / "desa").glob("*/index.html"))
    cards = sorted(path.parent.name for path in (built_site / "embed" / "desa").glob("*/index.html"))
    assert villages and cards == villages
    for kode in cards:
        path = built_site / "embed" / "desa" / kode / "index.html"
        assert path.stat().st_size < MAX_CARD_BYTES, f"{kode}: {path.stat().st_size:,} bytes"
        card = soup_of(path)
        assert not card.find("script") and not card.find("link", rel="stylesheet") and not card.find("img")
        assert not card.select("[src]"), "the card loads nothing"
        assert card.html is not None and card.html.get("lang") == "id"


def test_a_card_says_what_its_village_page_says(built_site: Path) -> None:
    for path in sorted((built_site / "desa").glob("*/index.html")):
        kode = path.parent.name
        page, card = soup_of(path), soup_of(built_site / "embed" / "desa" / kode / "index.html")
        # the village's value and change, and the regency's median
        assert headline(card, ".tiles") == headline(page, ".labkem-headline"), kode
        assert len(headline(card, ".tiles")) >= 2
        assert (card.find(class_="note") is not None) == ("Data sintetis" in page.get_text()), kode
        assert kode in card.get_text()
        back = card.select("a[href]")
        assert back and {a["href"] for a in back} == {f"https://lab.contoh.test/desa/{kode}/"}
        assert all(a.get("target") == "_blank" and "noopener" in a.get("rel", []) for a in back)
        assert "Data rilis " in card.get_text()
        # the village page gives the snippet that shows it
        snippet = page.select_one("pre.labkem-snippet code")
        assert snippet is not None
        assert f'src="https://lab.contoh.test/embed/desa/{kode}/"' in snippet.get_text()
        assert f'height="{SNIPPET_HEIGHT}"' in snippet.get_text()


@pytest.fixture(scope="module")
def card_host(sample_site: Path) -> Iterator[tuple[str, str]]:
    """The sample site, and a page on another port that shows a village's card in an <iframe>."""
    for site in serve(sample_site):
        host = (
            '<!doctype html><html lang="id"><head><title>Situs desa</title></head><body><h1>Situs desa</h1>'
            f'<iframe src="{site}/embed/desa/33.26.02.2008/" title="Kartu desa" width="100%" '
            f'height="{SNIPPET_HEIGHT}" style="border:0;max-width:30rem"></iframe></body></html>'
        ).encode()

        class Host(http.server.BaseHTTPRequestHandler):
            body = host

            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(self.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Host) as server:
            threading.Thread(target=functools.partial(server.serve_forever, 0.05), daemon=True).start()
            yield site, f"http://127.0.0.1:{server.server_address[1]}/"
            server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_card_shows_in_an_iframe_of_another_site(browser: Browser, card_host: tuple[str, str], scheme: str) -> None:
    site, host = card_host
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(host, wait_until="networkidle")
    assert requests == [host, f"{site}/embed/desa/33.26.02.2008/"], "the card fetches nothing more"
    assert errors == []
    card = page.frame_locator("iframe")
    assert card.locator("h1").inner_text() == "Desa Botosari"
    assert card.locator("svg[role=img]").bounding_box()["width"] > 250  # type: ignore[index]
    # the whole card, its link back and release date included, fits the height the snippet gives it
    height = card.locator("body").evaluate("body => body.scrollHeight")
    assert height <= SNIPPET_HEIGHT, height
    context.close()
