"""Decoding a card's image from an untrusted media folder: checks before Pillow reads a pixel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pmstudy.io.images import ImageLimits, decode_image


def _png(path: Path, size: tuple[int, int] = (60, 40), mode: str = "RGB") -> Path:
    colour: object = (200, 30, 30) if mode == "RGB" else (200, 30, 30, 0) if mode == "RGBA" else 0
    Image.new(mode, size, colour).save(path)  # type: ignore[arg-type]
    return path


@pytest.fixture
def media(tmp_path: Path) -> Path:
    folder = tmp_path / "media" / "csv-deck-1234"
    folder.mkdir(parents=True)
    return folder


def test_a_good_png_decodes_to_rgb(media: Path) -> None:
    decoded = decode_image("a.png", _png(media / "a.png"), media.parent)
    assert decoded.problem is None
    assert decoded.image is not None
    assert decoded.image.mode == "RGB"
    assert decoded.image.size == (60, 40)


def test_a_large_jpeg_is_kept_small(media: Path) -> None:
    path = media / "big.jpg"
    Image.new("RGB", (3000, 2000), (10, 200, 10)).save(path)
    decoded = decode_image("big.jpg", path, media.parent)
    assert decoded.image is not None
    assert max(decoded.image.size) <= ImageLimits().max_side


def test_transparent_parts_are_white(media: Path) -> None:
    decoded = decode_image("t.png", _png(media / "t.png", mode="RGBA"), media.parent)
    assert decoded.image is not None
    assert decoded.image.getpixel((0, 0)) == (255, 255, 255)


def test_traversal_name_is_refused_before_any_file_is_looked_at(media: Path) -> None:
    outside = _png(media.parent.parent / "x.png")
    decoded = decode_image("../x.png", outside, media.parent)
    assert decoded.image is None
    assert decoded.problem == "refused (the name points outside the media folder)"


def test_symlink_out_of_the_media_folder_is_refused(media: Path) -> None:
    outside = _png(media.parent.parent / "secret.png")
    (media / "link.png").symlink_to(outside)
    decoded = decode_image("link.png", media / "link.png", media.parent)
    assert decoded.image is None
    assert decoded.problem == "refused (link.png lies outside the media folder)"


def test_missing_damaged_and_disguised_files_are_one_line(media: Path) -> None:
    assert decode_image("gone.png", None, media.parent).problem == (
        "cannot be read (not in the collection's media folder)"
    )
    damaged = media / "damaged.png"
    damaged.write_bytes(_png(media / "whole.png").read_bytes()[:60])
    assert decode_image("damaged.png", damaged, media.parent).problem == (
        "cannot be read (damaged image data)"
    )
    script = media / "run.png"
    script.write_bytes(b"#!/bin/sh\necho hi\n")
    assert decode_image("run.png", script, media.parent).problem == (
        "refused (run.png does not hold the image its name says)"
    )
    sound = media / "s.mp3"
    sound.write_bytes(b"ID3" + bytes(100))
    assert decode_image("s.mp3", sound, media.parent).problem == "refused (not an image)"


def test_size_and_pixel_limits_are_checked_before_decoding(media: Path) -> None:
    path = _png(media / "a.png", (200, 100))
    assert decode_image("a.png", path, media.parent, ImageLimits(max_bytes=10)).problem == (
        "refused (larger than 0 MB)"
    )
    assert decode_image("a.png", path, media.parent, ImageLimits(max_pixels=19_999)).problem == (
        "refused (too many pixels to decode safely)"
    )


def test_decompression_bomb_is_refused_even_past_our_own_limit(media: Path) -> None:
    """144 million pixels in 17 kB: Pillow's own bomb check answers before ours."""
    bomb = _png(media / "bomb.png", (12_000, 12_000), mode="1")
    assert bomb.stat().st_size < 100_000
    for limits in (ImageLimits(), ImageLimits(max_pixels=10**9)):
        decoded = decode_image("bomb.png", bomb, media.parent, limits)
        assert decoded.image is None
        assert decoded.problem == "refused (too many pixels to decode safely)"
