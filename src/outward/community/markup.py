"""Markdown in, safe HTML out: CommonMark rendered with raw HTML off, then cleaned against an
allow-list (nh3), so no script, style, event handler or javascript:/data: link survives
whatever a member types."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3",
        "h4", "hr"}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}}
SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> str:
    """The safe HTML of a member's Markdown."""
    html = _md.render(text.replace("\x00", ""))
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        filter_style_properties=set(),
    )
