"""A post may carry a photo (re-encoded, its metadata gone) or a PDF, limited in size and
number; the file shows to whoever may open the post, and anything else is refused by name."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from outward.community.attachments import MAX_BYTES, MAX_PER_POST, attach
from outward.community.models import Attachment, Post
from outward.community.services.posts import Author, create_post
from outward.community.session import SESSION_KEY
from outward.core.errors import ValidationError
from tests.community.fixtures import member, space

pytestmark = pytest.mark.django_db


def _photo(name: str = "leak.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make: must not survive
    image.save(out, format="PNG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _post(private: bool = False) -> Post:
    return create_post(
        space(),
        Author(member=member()),
        kind="question",
        title="Leak",
        body="Water under the fridge.",
        private=private,
    )


def test_a_photo_is_re_encoded_without_its_metadata() -> None:
    stored = attach(_post(), _photo())

    assert stored.content_type == "image/jpeg"
    assert stored.name == "leak.jpg"
    with Image.open(io.BytesIO(bytes(stored.data))) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_a_pdf_is_kept_and_downloaded_not_shown() -> None:
    post = _post()
    stored = attach(post, SimpleUploadedFile("manual.pdf", b"%PDF-1.7 test"))

    response = Client().get(reverse("community:attachment", args=[post.pk, stored.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="manual.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b"%PDF-1.7 test"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.html", b"<script>alert(1)</script>"),
        SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"),
        SimpleUploadedFile("x.jpg", b"\xff\xd8 broken"),
        SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * MAX_BYTES),
    ],
    ids=["html", "fake pdf", "broken jpeg", "too large"],
)
def test_anything_else_is_refused_naming_the_field(upload: SimpleUploadedFile) -> None:
    with pytest.raises(ValidationError) as refused:
        attach(_post(), upload)

    assert "attachment" in refused.value.field_errors
    assert not Attachment.objects.exists()


def test_a_post_takes_a_few_files_at_most() -> None:
    post = _post()
    for _ in range(MAX_PER_POST):
        attach(post, _photo())

    with pytest.raises(ValidationError):
        attach(post, _photo())


def test_a_private_posts_file_stays_private() -> None:
    post = _post(private=True)
    stored = attach(post, _photo())

    response = Client().get(reverse("community:attachment", args=[post.pk, stored.pk]))

    assert response.status_code == 404


def test_a_refused_file_leaves_no_post_behind() -> None:
    client = Client()
    session = client.session
    session[SESSION_KEY] = member().pk
    session.save()
    space()

    refused = client.post(
        reverse("community:new_post", args=["coffee"]),
        {
            "kind": "question",
            "title": "Leak",
            "body": "See the file.",
            "attachment": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )

    assert refused.status_code == 400
    assert "Attach a photo (JPEG, PNG or WebP) or a PDF." in refused.content.decode()
    assert not Post.objects.exists()
