"""A custom-study session killed mid-way (SIGKILL) keeps every answer it gave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from pmstudy.db.models import ReviewLogRow
from pmstudy.services.container import Services

SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from pmstudy.clock import FixedClock
    from pmstudy.domain.custom import CustomOptions, CustomSource
    from pmstudy.domain.model import Rating
    from pmstudy.services.container import build_services
    from pmstudy.settings import Settings
    from tests.conftest import START

    settings = Settings(data_dir=sys.argv[1], timezone="UTC")
    services = build_services(settings, FixedClock(START), seed=1, sync_decks=False)
    options = CustomOptions(new=True, limit=10)
    custom = services.custom_study
    session = custom.start(custom.choose(CustomSource.search("deck:Scrum"), options), options)
    for _ in range(3):
        card = session.next_card()
        print(card.id, flush=True)
        session.answer(Rating.GOOD, duration_ms=1000)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_custom_session_keeps_its_answers(services: Services, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    data_dir = services.settings.data_dir
    services.close()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    answered = [int(line) for line in done.stdout.split()]
    assert len(answered) == 3
    from pmstudy.clock import FixedClock
    from pmstudy.services.container import build_services
    from tests.conftest import START

    reopened = build_services(services.settings, FixedClock(START), seed=1, sync_decks=False)
    try:
        with reopened.sessions() as session:
            logged = session.execute(select(ReviewLogRow.card_id)).scalars().all()
        assert sorted(logged) == sorted(answered)
        states = {r.id: r.state_name for r in reopened.browser.rows(answered)}
        assert set(states.values()) == {"learning"}
    finally:
        reopened.close()
