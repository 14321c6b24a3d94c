"""'Open image' hands the system opener only an image or sound from the media folder whose
bytes say so: a packaged .desktop file, a script named .png, a PNG named .desktop, SVG and a
symbolic link out of the folder are refused with one line."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from pmstudy.errors import NotFoundError
from pmstudy.io.media import stored_name
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.opener import open_media
from pmstudy.tui.screens.review import ReviewScreen
from tests.io.support import legacy_collection, package

DESKTOP = b"[Desktop Entry]\nType=Application\nName=Photo\nExec=sh -c 'touch /tmp/owned'\n"
SCRIPT = b"#!/bin/sh\ntouch /tmp/owned\n"


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


SOUNDS = {
    "a.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(16),
    "b.mp3": b"\xff\xfb\x90\x64" + bytes(16),
    "c.ogg": b"OggS\x00\x02" + bytes(16),
    "d.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(8),
    "e.m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + bytes(8),
}
IMAGES = {
    "a.png": png(),
    "b.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(8),
    "c.jpeg": b"\xff\xd8\xff\xdb" + bytes(8),
    "d.gif": b"GIF89a\x01\x00\x01\x00" + bytes(8),
    "e.webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(8),
}


@pytest.fixture
def media(tmp_path: Path) -> Path:
    folder = tmp_path / "media" / "apkg-deck-12345678"
    folder.mkdir(parents=True)
    return folder


def _try(path: Path, root: Path) -> tuple[str | None, list[Path]]:
    launched: list[Path] = []
    return open_media(path, root, launched.append), launched


@pytest.mark.parametrize("name", [*IMAGES, *SOUNDS])
def test_images_and_sounds_open(media: Path, name: str) -> None:
    path = media / name
    path.write_bytes({**IMAGES, **SOUNDS}[name])
    assert _try(path, media.parent) == (None, [path.resolve()])


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("evil.desktop", DESKTOP, "not an image or sound file pmstudy opens"),
        ("photo.desktop", png(), "not an image or sound file pmstudy opens"),
        ("photo.png", SCRIPT, "does not hold the image its name says"),
        ("photo.png", DESKTOP, "does not hold the image its name says"),
        ("song.mp3", png(), "does not hold the sound its name says"),
        ("photo.png", b"", "does not hold the image its name says"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "not an"),
        ("run.sh", SCRIPT, "not an image or sound file pmstudy opens"),
        ("Photo.PNG.desktop", DESKTOP, "not an image or sound file pmstudy opens"),
    ],
)
def test_other_files_are_refused(media: Path, name: str, content: bytes, reason: str) -> None:
    path = media / name
    path.write_bytes(content)
    refused, launched = _try(path, media.parent)
    assert launched == []
    assert refused is not None
    assert reason in refused
    assert refused.startswith(f"Not opened: {name}")
    assert "\n" not in refused


def test_a_link_out_of_the_folder_is_refused(media: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(png())
    link = media / "photo.png"
    link.symlink_to(outside)
    refused, launched = _try(link, media.parent)
    assert launched == []
    assert refused == "Not opened: photo.png lies outside the media folder."


def test_a_link_to_a_desktop_file_inside_the_folder_is_refused(media: Path) -> None:
    """The name shown is .png, the file opened would be .desktop: both must be allowed."""
    target = media / "evil.desktop"
    target.write_bytes(DESKTOP)
    link = media / "photo.png"
    link.symlink_to(target)
    assert _try(link, media.parent)[1] == []


def test_a_linked_folder_out_of_the_media_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "media"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "photo.png").write_bytes(png())
    (root / "apkg-x-1").symlink_to(elsewhere, target_is_directory=True)
    refused, launched = _try(root / "apkg-x-1" / "photo.png", root)
    assert launched == []
    assert refused is not None
    assert "outside the media folder" in refused


def test_a_missing_file_is_refused(media: Path) -> None:
    refused, launched = _try(media / "gone.png", media.parent)
    assert launched == []
    assert refused == "Not opened: gone.png is not in the media folder."


@pytest.mark.parametrize("name", ["photo.desktop", "ph\x1b]0;x\x07oto\x9b2J.desktop"])
async def test_o_on_a_packaged_desktop_file_opens_nothing(
    empty_services: Services, tmp_path: Path, name: str
) -> None:
    """End to end: an .apkg whose note shows a .desktop 'image'; 'o' says why (in one clean
    line, whatever the name holds) and opens none."""
    collection = legacy_collection(
        tmp_path / "c.anki21", [(1, "g1", f'<img src="{name}">\x1fBack')]
    )
    apkg = package(
        tmp_path / "evil.apkg",
        {
            "collection.anki21": collection,
            "media": json.dumps({"0": name}),
            "0": DESKTOP,
        },
    )
    empty_services.imports.import_file(apkg)
    empty_services.decks.choose_exams([])
    card_id = _only_card(empty_services)
    files = empty_services.imports.media_for_card(card_id)
    assert files[0].path is not None  # it is stored: the guard is at the door
    opened: list[Path] = []
    app = PmStudyApp(services=empty_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = empty_services.study.start_filtered([card_id])
        screen = ReviewScreen(empty_services, session, "Hostile")
        screen.app_opener = opened.append  # type: ignore[method-assign,assignment]
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
    assert opened == []
    shown = stored_name(name)
    assert messages == [f"Not opened: {shown} is not an image or sound file pmstudy opens."]
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", messages[0])


def _only_card(services: Services) -> int:
    """The id of the collection's one card."""
    for card_id in range(1, 50):
        try:
            return services.library.card(card_id).id
        except NotFoundError:
            continue
    raise AssertionError("no card")
