"""The programme pages and API: the checklist with links to its evidence and the score over
time; the policy published with a document and downloaded back; training recorded; bad
input names its field; few queries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from outward.accounts.models import User
from outward.core.roles import Role
from outward.programme.models import ServicePolicy, TrainingRecord
from outward.programme.services import publish_policy, record_assessment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_checklist_links_each_line_to_its_evidence(
    client: Client,
    login: Callable[[str], User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    publish_policy(title="Our <promise>", body="We answer within a day.")
    record_assessment()
    login(Role.EXECUTIVE)

    with django_assert_max_num_queries(25):
        page = client.get(reverse("programme:overview"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "“Our &lt;promise&gt;”" in html
    for name in ("programme:policy", "programme:training", "cases:policy", "reviews:list",
                 "surveys:coverage", "pulse:results"):  # fmt: skip
        assert f'href="{reverse(name)}"' in html
    assert reverse("api-1:programme_chart") in html
    assert "Record today" not in html  # an executive reads; managers act


def test_the_score_over_time_is_a_chart_from_the_api(
    client: Client, login: Callable[[str], User]
) -> None:
    record_assessment()
    login(Role.ANALYST)

    figure = client.get(reverse("api-1:programme_chart")).json()
    history = client.get("/api/v1/programme/history").json()

    assert figure["data"][0]["x"] == [timezone.localdate().isoformat()]
    assert history == [{"day": timezone.localdate().isoformat(), "score": 14}]


def test_a_manager_publishes_a_document_that_downloads_back(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.MANAGER)
    document = SimpleUploadedFile("policy.pdf", b"%PDF-1.7 ...", content_type="application/pdf")

    made = client.post(
        reverse("programme:publish_policy"),
        {"title": "Customer-service policy", "body": "See the document.", "document": document},
    )
    download = client.get(reverse("programme:policy_document", args=[1]))

    assert made.status_code == 302
    assert download.status_code == 200
    assert download.content == b"%PDF-1.7 ..."
    assert download["Content-Disposition"] == 'attachment; filename="policy.pdf"'
    assert download["Content-Type"] == "application/octet-stream"


def test_a_bad_upload_is_refused_naming_the_field(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.MANAGER)
    document = SimpleUploadedFile("policy.html", b"<script>alert(1)</script>")

    refused = client.post(
        reverse("programme:publish_policy"), {"title": "Policy", "document": document}
    )

    assert refused.status_code == 400
    assert "One of .docx, .md, .odt, .pdf, .txt." in refused.content.decode()
    assert not ServicePolicy.objects.exists()


def test_training_is_recorded_from_the_page(client: Client, login: Callable[[str], User]) -> None:
    agent = UserFactory.create(role=Role.AGENT, first_name="Ines", last_name="Costa")
    login(Role.MANAGER)

    done = client.post(
        reverse("programme:record_training"),
        {"user": agent.pk, "course": "Owning a problem", "completed_on": "2026-01-10"},
    )
    bad = client.post(
        reverse("programme:record_training"),
        {
            "user": agent.pk,
            "course": "X",
            "completed_on": "2026-01-10",
            "valid_until": "2025-01-01",
        },
    )
    page = client.get(reverse("programme:training"))

    assert done.status_code == 302
    assert bad.status_code == 400
    assert "After the course was completed." in bad.content.decode()
    assert TrainingRecord.objects.count() == 1
    assert "Ines Costa" in page.content.decode()


def test_the_api_reads_the_checklist_and_records_training_and_funding(
    client: Client, login: Callable[[str], User]
) -> None:
    agent = UserFactory.create(role=Role.AGENT)
    login(Role.MANAGER)

    checklist = client.get("/api/v1/programme").json()
    trained = client.post(
        "/api/v1/programme/training",
        {"user_id": agent.pk, "course": "De-escalation", "completed_on": "2026-02-01"},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/programme/training",
        {"user_id": 987654, "course": "De-escalation", "completed_on": "2026-02-01"},
        content_type="application/json",
    )
    funded = client.put(
        "/api/v1/programme/funding/2026",
        {"initiatives": "25000.00", "remedies": "8000.00"},
        content_type="application/json",
    )
    negative = client.put(
        "/api/v1/programme/funding/2026",
        {"initiatives": "-1", "remedies": "0"},
        content_type="application/json",
    )

    assert next(line["key"] for line in checklist["lines"]) == "policy"
    assert checklist["lines"][0]["evidence"] == reverse("programme:policy")
    assert trained.status_code == 201
    assert unknown.status_code == 422
    assert "user_id" in unknown.content.decode()
    assert funded.json()["currency"] == "EUR"
    assert negative.status_code == 422
