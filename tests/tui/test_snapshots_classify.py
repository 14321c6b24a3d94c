"""SVG snapshots of the classify screen at 80x24 and 120x40: a CSV deck classified onto CAPM
with choices made, the blueprint picker, the preview before writing, the screen before a deck
and exam are chosen, and without scikit-learn.

The model runs, but the pictures show fixed suggestions (``SHOWN``): its figures change as the
bundled decks and profiles it learns from are written, and that is no change of the screen.

Update the baselines with ``pytest tests/tui/test_snapshots_classify.py --snapshot-update``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.classify import Classification
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import settle, steady
from tests.tui.test_classify_screen import add_found_deck

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
# front -> domain, its confidence, task, the confidence in both
SHOWN = {
    "What does a project charter authorize?": ("fundamentals", 0.92, "t4", 0.47),
    "What is a risk register?": ("fundamentals", 0.89, "t2", 0.81),
    "What is earned value?": ("predictive", 0.83, "t3", 0.66),
    "Who prioritises the product backlog?": ("agile", 0.46, "t2", 0.31),
    "What is the critical path?": ("predictive", 0.77, "t2", 0.70),
    "What does a burndown chart show?": ("agile", 0.72, "t3", 0.64),
}


def shown_suggestions(services: Services) -> None:
    """The model's classification with the suggestions of ``SHOWN``."""
    real = services.classify.classify

    def classify(deck: str, exam: str) -> Classification:
        result = real(deck, exam)
        notes = []
        for note in result.notes:
            domain, sure, task, both = SHOWN[note.front]
            notes.append(
                replace(
                    note, domain=domain, domain_confidence=sure, task=task, task_confidence=both
                )
            )
        return replace(result, notes=tuple(notes), examples=2000)

    services.classify.classify = classify  # type: ignore[method-assign]


async def classified(pilot: Pilot[Any]) -> None:
    """The Found deck classified onto CAPM, two suggestions accepted at 60 %, one note marked
    not on the exam."""
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    await settle(pilot)
    app.action_classify("Found", "capm")
    await settle(pilot)
    await pilot.press("t", *"0.6", "enter", "a")
    await pilot.press("down", "down", "n")
    await settle(pilot)
    app.clear_notifications()  # a toast's timing is no part of the picture
    await pilot.pause()


@SIZES
def test_classify(
    snap_compare: SnapCompare, services: Services, tmp_path: Path, size: tuple[int, int]
) -> None:
    add_found_deck(services, tmp_path)
    shown_suggestions(services)
    assert snap_compare(PmStudyApp(services), terminal_size=size, run_before=steady(classified))


@SIZES
def test_classify_picker(
    snap_compare: SnapCompare, services: Services, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def picker(pilot: Pilot[Any]) -> None:
        await classified(pilot)
        await pilot.press("c")
        await settle(pilot)

    add_found_deck(services, tmp_path)
    shown_suggestions(services)
    assert snap_compare(PmStudyApp(services), terminal_size=size, run_before=steady(picker))


@SIZES
def test_classify_write_preview(
    snap_compare: SnapCompare, services: Services, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def preview(pilot: Pilot[Any]) -> None:
        await classified(pilot)
        await pilot.press("w")
        await settle(pilot)

    add_found_deck(services, tmp_path)
    shown_suggestions(services)
    assert snap_compare(PmStudyApp(services), terminal_size=size, run_before=steady(preview))


@SIZES
def test_classify_nothing_chosen(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    async def opened(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, PmStudyApp)
        await settle(pilot)
        app.action_classify()
        await settle(pilot)

    assert snap_compare(PmStudyApp(services), terminal_size=size, run_before=steady(opened))


@SIZES
def test_classify_without_scikit_learn(
    snap_compare: SnapCompare,
    services: Services,
    tmp_path: Path,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == "sklearn"] + ["sklearn"]:
        monkeypatch.setitem(sys.modules, name, None)  # the extra not installed
    from pmstudy.services.classify import service

    monkeypatch.setattr(service, "_models", {})

    async def opened(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, PmStudyApp)
        await settle(pilot)
        app.action_classify("Found", "capm")
        await settle(pilot)

    add_found_deck(services, tmp_path)
    assert snap_compare(PmStudyApp(services), terminal_size=size, run_before=steady(opened))
