"""Photos staff upload for a picture schedule: checked, turned upright, shrunk and saved again as
JPEG, so that nothing of the original file (camera, place, time, hidden data) is kept."""

from __future__ import annotations

import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from ..extensions import db
from ..forms import RuleError
from ..models import Photo

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # larger images are refused before they are decoded
LONGEST_SIDE = 1600
ACCEPTED = {"JPEG", "PNG", "WEBP"}

TOO_BIG = _l("Bilden är för stor. Den får vara högst 8 MB.")
NOT_A_PICTURE = _l("Det gick inte att läsa bilden. Välj en bild av typen JPEG, PNG eller WebP.")


def clean(data: bytes) -> tuple[bytes, int, int]:
    """The picture re-encoded without metadata: (JPEG bytes, width, height); RuleError if bad."""
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
                upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
                # A new image from the pixels alone: no EXIF, comment, ICC or XMP comes along.
                bare = Image.frombytes("RGB", upright.size, upright.tobytes())
                out = io.BytesIO()
                bare.save(out, "JPEG", quality=85, optimize=True)
                return out.getvalue(), bare.width, bare.height
    except RuleError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, EOFError):
        raise RuleError(str(NOT_A_PICTURE), field="photo") from None


def store(clinic_id: int, user_id: int, data: bytes) -> Photo:
    jpeg, width, height = clean(data)
    photo = Photo(clinic_id=clinic_id, uploaded_by_id=user_id, content_type="image/jpeg",
                  width=width, height=height, data=jpeg)
    db.session.add(photo)
    db.session.flush()
    return photo
