"""Photos staff upload (of a real room for a picture schedule, or of themselves): checked, turned
upright, shrunk and saved again as JPEG, so that nothing of the original file (camera, place, time,
hidden data) is kept."""

from __future__ import annotations

import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from .core.access import PUBLIC_ID
from .core.rules import RuleError
from .extensions import db
from .models import Photo

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # larger images are refused before they are decoded
LONGEST_SIDE = 1600
PORTRAIT_SIDE = 480  # a staff member's photo: square, cut around the middle and a little up
ACCEPTED = {"JPEG", "PNG", "WEBP"}

TOO_BIG = _l("Bilden är för stor. Den får vara högst 8 MB.")
NOT_A_PICTURE = _l("Det gick inte att läsa bilden. Välj en bild av typen JPEG, PNG eller WebP.")


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file (at most one byte over the limit), or b"" if none was sent."""
    if not upload or not getattr(upload, "filename", ""):
        return b""
    try:
        return upload.read(MAX_BYTES + 1)
    finally:
        upload.close()


def clean(data: bytes, portrait: bool = False) -> tuple[bytes, int, int]:
    """The picture re-encoded without metadata: (JPEG bytes, width, height); RuleError if bad.

    A portrait is cut to a square, for the round picture beside a staff member's name."""
    if len(data) > MAX_BYTES:
        raise RuleError(str(TOO_BIG), field="photo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED:
                    raise RuleError(str(NOT_A_PICTURE), field="photo")
                if probe.width * probe.height > MAX_PIXELS:
                    raise RuleError(str(TOO_BIG), field="photo")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                if upright.mode in ("RGBA", "LA", "P"):
                    upright = upright.convert("RGBA")
                    background = Image.new("RGB", upright.size, "white")
                    background.paste(upright, mask=upright.getchannel("A"))
                    upright = background
                else:
                    upright = upright.convert("RGB")
                if portrait:
                    upright = ImageOps.fit(upright, (PORTRAIT_SIDE, PORTRAIT_SIDE), centering=(0.5, 0.4))
                else:
                    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
                # A new image from the pixels alone: no EXIF, comment, ICC or XMP comes along.
                bare = Image.frombytes("RGB", upright.size, upright.tobytes())
                out = io.BytesIO()
                bare.save(out, "JPEG", quality=85, optimize=True)
                return out.getvalue(), bare.width, bare.height
    except RuleError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        EOFError,
    ):
        raise RuleError(str(NOT_A_PICTURE), field="photo") from None


def store(clinic_id: int, user_id: int, data: bytes, portrait: bool = False) -> Photo:
    jpeg, width, height = clean(data, portrait)
    photo = Photo(
        clinic_id=clinic_id,
        uploaded_by_id=user_id,
        content_type="image/jpeg",
        width=width,
        height=height,
        data=jpeg,
    )
    db.session.add(photo)
    db.session.flush()
    return photo


def kept(public_id: str | None, clinic_id: int, user_id: int) -> Photo | None:
    """A photo this person uploaded with a form that then had an error, so it need not be sent
    again; None for anything else (another clinic's or another person's photo, a made-up id)."""
    if not public_id or not PUBLIC_ID.fullmatch(public_id):
        return None
    return db.session.scalar(
        select(Photo).where(
            Photo.public_id == public_id, Photo.clinic_id == clinic_id, Photo.uploaded_by_id == user_id
        )
    )
