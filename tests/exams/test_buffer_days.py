"""The consolidation buffer must leave days to learn in (the TUI's add dialog asks the same)."""

from __future__ import annotations

import pytest

from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services


def test_a_buffer_as_long_as_the_days_left_is_refused(services: Services) -> None:
    # 2026-11-22 09:00 UTC to 2026-12-02: 10 days
    with pytest.raises(
        PmStudyError, match=r"the exam is 10 day\(s\) away, so the buffer must be less"
    ):
        services.exams.add("psm-1", "2026-12-02", buffer_days=10)
    assert services.exams.add("psm-1", "2026-12-02", buffer_days=9).buffer_days == 9
    assert services.exams.add("psm-1", "2026-12-02", buffer_days=0).buffer_days == 0
    # no buffer named: the default, as before, even for an exam nearer than it
    assert services.exams.add("psm-1", "2026-11-25").buffer_days == 14
    with pytest.raises(PmStudyError, match="cannot be negative"):
        services.exams.add("psm-1", "2026-12-02", buffer_days=-1)
