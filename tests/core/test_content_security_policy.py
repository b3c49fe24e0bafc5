"""Content-Security-Policy and Permissions-Policy on every page, and pages that keep to it:
no inline script, event-handler attribute or style attribute anywhere."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from outward.core.roles import Role
from outward.core.security_headers import EMBEDDABLE_POLICY, PLOTLY_STYLES, POLICY
from tests.factories import UserFactory
from tests.site_pages import PAGES, page_url
from tests.surveys.response_helpers import active_survey

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _directives(header: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return dict(pairs)


def test_the_policy_forbids_inline_script_and_style_and_framing() -> None:
    directives = _directives(POLICY)

    assert directives["script-src"] == "'self'"
    # Our own stylesheets, and only plotly.js's two style elements, pinned by their hashes.
    assert directives["style-src"].split() == ["'self'", *PLOTLY_STYLES.split()]
    assert all(h.startswith("'sha256-") for h in PLOTLY_STYLES.split())
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in POLICY


@pytest.mark.parametrize(("name", "pattern"), PAGES, ids=[n for n, _ in PAGES])
def test_every_page_sends_the_policy_and_keeps_to_it(
    client: Client, targets: tuple[uuid.UUID, int], name: str, pattern: URLPattern
) -> None:
    client.force_login(UserFactory.create(role=Role.ADMIN))

    response = client.get(page_url(name, pattern, *targets))

    assert response["Content-Security-Policy"] in {POLICY, EMBEDDABLE_POLICY}
    assert "camera=()" in response["Permissions-Policy"]
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), name
        assert not HANDLER_ATTRIBUTE.search(html), name
        assert not STYLE_ATTRIBUTE.search(html), name
        assert not JAVASCRIPT_URL.search(html), name


def _respondent_pages(client: Client) -> dict[str, Any]:
    survey = active_survey(public=True)
    public = reverse("respond:public", kwargs={"public_token": survey.public_token})
    return {"plain": client.get(public), "embedded": client.get(public + "?embed=1")}


def test_the_survey_pages_keep_to_the_policy_and_only_the_embedded_one_may_be_framed(
    client: Client,
) -> None:
    pages = _respondent_pages(client)

    assert pages["plain"]["Content-Security-Policy"] == POLICY
    assert pages["embedded"]["Content-Security-Policy"] == EMBEDDABLE_POLICY
    assert _directives(EMBEDDABLE_POLICY)["frame-ancestors"] == "*"
    for page in pages.values():
        html = page.content.decode()
        assert not INLINE_SCRIPT.search(html)
        assert not STYLE_ATTRIBUTE.search(html)


@pytest.mark.parametrize("path", ["/api/v1/docs", "/api/v1/openapi.json", "/healthz"])
def test_api_docs_and_machine_answers_carry_the_policy_too(client: Client, path: str) -> None:
    client.force_login(UserFactory.create(role=Role.ADMIN))

    response = client.get(path)

    assert response["Content-Security-Policy"] == POLICY
    if path.endswith("docs"):
        assert not INLINE_SCRIPT.search(response.content.decode())


def test_the_back_office_carries_the_policy(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.ADMIN))

    response = client.get("/backoffice/")

    assert response["Content-Security-Policy"] == POLICY
