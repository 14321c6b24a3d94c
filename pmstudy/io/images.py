"""Decoding a card's image for the terminal, from a file nobody vouches for.

An imported package decides what its media files hold, so before Pillow reads a byte the file
must pass the checks the system viewer's files pass (``unviewable_reason``: inside the media
folder once links are resolved, a regular file, an image name and an image's first bytes),
and be no larger than ``ImageLimits``; Pillow then reads the header only and the pixel count is
checked before the pixels are decoded (a small PNG can claim 100,000 × 100,000 pixels).

Pillow is imported here, inside the function, never on the way to the app's first frame.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmstudy.io.media import VIEWABLE, traversal_reason, unviewable_reason

if TYPE_CHECKING:
    from PIL.Image import Image


@dataclass(frozen=True)
class ImageLimits:
    """What a card's image may be before it is decoded, and the size of the copy kept."""

    max_bytes: int = 16 * 2**20
    max_pixels: int = 40_000_000
    # A half-block image uses one pixel a column and two a row: 400 pixels fill 200 columns.
    max_side: int = 400


LIMITS = ImageLimits()
_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


@dataclass(frozen=True)
class DecodedImage:
    """A card's image ready to draw (``image``), or why it cannot be shown (``problem``)."""

    name: str
    image: Image | None = None
    problem: str | None = None


def decode_image(
    name: str, path: Path | None, media_root: Path, limits: ImageLimits = LIMITS
) -> DecodedImage:
    """Image ``name`` (stored at ``path``; None: not found) as an RGB copy at most
    ``limits.max_side`` pixels a side, or the reason it is not shown."""
    hostile = traversal_reason(name)
    if hostile is not None:
        return DecodedImage(name, problem="refused (the name points outside the media folder)")
    if path is None:
        return DecodedImage(name, problem="cannot be read (not in the collection's media folder)")
    reason = unviewable_reason(path, media_root)
    if reason is not None:
        return DecodedImage(name, problem=f"refused ({reason})")
    if VIEWABLE.get(path.suffix.lower()) != "image":
        return DecodedImage(name, problem="refused (not an image)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return DecodedImage(name, problem=f"cannot be read ({exc.strerror})")
    if size > limits.max_bytes:
        return DecodedImage(name, problem=f"refused (larger than {limits.max_bytes // 2**20} MB)")
    return _decode(name, path, limits)


def _decode(name: str, path: Path, limits: ImageLimits) -> DecodedImage:
    from PIL import Image, UnidentifiedImageError

    too_large = DecodedImage(name, problem="refused (too many pixels to decode safely)")
    try:
        # Pillow warns (and past twice its limit raises) on a pixel count it finds too large;
        # a warning would let it go on and decode.  (catch_warnings is process-wide: a
        # worker thread decodes one image at a time.)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=_FORMATS) as image:
                width, height = image.size
                if width * height > limits.max_pixels:
                    return too_large
                image.draft("RGB", (limits.max_side, limits.max_side))  # JPEG: decode smaller
                image.load()
                copy = _flattened(image)
        copy.thumbnail((limits.max_side, limits.max_side))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return too_large
    except UnidentifiedImageError:
        return DecodedImage(name, problem="cannot be read (not an image Pillow knows)")
    except (OSError, ValueError, EOFError, SyntaxError):
        return DecodedImage(name, problem="cannot be read (damaged image data)")
    return DecodedImage(name, copy)


def _flattened(image: Image) -> Image:
    """An RGB copy, transparent parts on white (diagrams are drawn for a page)."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        page = PILImage.new("RGB", rgba.size, (255, 255, 255))
        page.paste(rgba, mask=rgba.getchannel("A"))
        return page
    return image.convert("RGB")
