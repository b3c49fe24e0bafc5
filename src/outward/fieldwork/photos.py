"""Checking and cleaning an uploaded photo with Pillow.

Only real images in an accepted format pass; each is decoded, turned upright from its EXIF
orientation, downscaled to `MAX_SIDE` and re-encoded as JPEG without any metadata (GPS
position, camera serial numbers). A file is never stored as uploaded.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from outward.core.errors import ValidationError

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2048
MAX_PIXELS = 50_000_000  # refuse decompression bombs long before Pillow's own limit
JPEG_QUALITY = 85
# Pillow's JPEG opener also reads the multi-picture JPEGs (MPO) many phones write.
_BASE_FORMATS = {"JPEG", "PNG", "WEBP"}


def accepted_formats() -> set[str]:
    """JPEG, PNG, WebP, and HEIC/HEIF where this Pillow can read it (a plugin is installed)."""
    Image.init()
    return (_BASE_FORMATS | {"HEIF"}) & set(Image.OPEN)


def _fail(message: str) -> ValidationError:
    return ValidationError("The photo cannot be used.", field_errors={"photo": message})


def clean_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """The upload as a clean JPEG named with a random id, or ValidationError naming "photo"."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _fail(f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _fail(f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    formats = accepted_formats()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=sorted(formats)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise _fail("The photo has too many pixels.")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=sorted(formats)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _fail(
            "This is not a photo we can read: use JPEG, PNG or WebP"
            + (" or HEIC" if "HEIF" in formats else "")
            + "."
        ) from None
    except (OSError, SyntaxError, ValueError) as broken:
        raise _fail("The image file is damaged or incomplete.") from broken
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if upright.mode in {"RGBA", "LA"} or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
