"""Files on posts: photos (any image Pillow reads, re-encoded as JPEG without metadata by
the field-observation cleaner) and PDFs (checked by their header), at most MAX_BYTES each
and MAX_PER_POST per post. Anything else is refused with a message naming the field."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from outward.community.models import Attachment, Post
from outward.core.errors import ValidationError
from outward.fieldwork.photos import clean_photo

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_POST = 3
FIELD = "attachment"


def _refuse(message: str) -> ValidationError:
    return ValidationError(_("The file cannot be attached."), field_errors={FIELD: message})


def attach(post: Post, upload: UploadedFile) -> Attachment:
    if post.attachments.count() >= MAX_PER_POST:
        raise _refuse(_("At most %(n)d files per post.") % {"n": MAX_PER_POST})
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _refuse(_("At most 5 MB per file."))
    name = PurePath(upload.name or "file").name[:150]
    if PurePath(name).suffix.lower() == ".pdf":
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise _refuse(_("At most 5 MB per file."))
        if not data.startswith(b"%PDF-"):
            raise _refuse(_("This is not a PDF."))
        kind = "application/pdf"
    else:
        try:
            photo = clean_photo(upload)
        except ValidationError:
            raise _refuse(_("Attach a photo (JPEG, PNG or WebP) or a PDF.")) from None
        data, kind = photo.read(), "image/jpeg"
        name = f"{PurePath(name).stem[:140]}.jpg"
    return Attachment.objects.create(
        post=post, name=name, content_type=kind, size=len(data), data=data
    )
