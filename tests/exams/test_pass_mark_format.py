"""The ``[pass_mark]`` of an exam profile: each kind with what it needs, refused without it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pmstudy.decks.profile_format import PassMark


def test_a_scaled_mark_names_its_scale_and_lies_on_it() -> None:
    mark = PassMark(kind="scaled", value=710, scale_min=100, scale_max=900)
    assert (mark.scale_min, mark.scale_max) == (100, 900)
    with pytest.raises(ValidationError, match="scale_min and scale_max"):
        PassMark(kind="scaled", value=710)
    with pytest.raises(ValidationError, match="between scale_min and scale_max"):
        PassMark(kind="scaled", value=950, scale_min=100, scale_max=900)
    with pytest.raises(ValidationError, match="only there"):
        PassMark(kind="percent", value=85, scale_min=0, scale_max=100)
    with pytest.raises(ValidationError, match="needs a value"):
        PassMark(kind="scaled", scale_min=100, scale_max=900)
