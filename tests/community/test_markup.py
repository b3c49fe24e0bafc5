"""What members write is Markdown; what the page gets is HTML with no way to run script."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from outward.community.markup import render

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[x](vbscript:msgbox(1))",
    "<details open ontoggle=alert(1)>",
    "`<script>` and <b onmouseover=alert(1)>b</b>",
    '[x](https://ok.example "title" onclick="alert(1)")',
    "<<script>script>alert(1)<</script>/script>",
    "\x00<script>alert(1)</script>",
]


class _Markup(HTMLParser):
    """Every element and attribute of a piece of HTML, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def _parsed(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("payload", XSS)
def test_no_payload_survives_as_markup(payload: str) -> None:
    found = _parsed(render(payload))

    assert not set(found.tags) & {"script", "img", "svg", "iframe", "details", "div", "style"}
    assert not [name for name, _ in found.attributes if name.startswith("on") or name == "style"]
    links = [value for name, value in found.attributes if name in {"href", "src"}]
    assert all(link.lower().startswith(("http://", "https://", "mailto:")) for link in links)


def test_ordinary_markdown_renders() -> None:
    html = render("**Tip:** descale *monthly*.\n\n- one\n- two\n\n[manual](https://example.org/m)")

    assert "<strong>Tip:</strong>" in html
    assert "<em>monthly</em>" in html
    assert "<li>one</li>" in html
    assert (
        '<a href="https://example.org/m" rel="nofollow noopener noreferrer ugc">manual</a>' in html
    )
