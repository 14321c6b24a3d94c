"""A separate process taking a mock exam: used by the kill -9 test.

Usage: python mock_worker.py DATA_DIR PAUSE_SECONDS
Starts a PSM I mock, then answers item after item (option A, flagging every third), printing
'answered <position> <response> <flagged> <elapsed ms>' after each answer is committed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pmstudy.clock import SystemClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings


def main() -> None:
    data_dir, pause = Path(sys.argv[1]), float(sys.argv[2])
    services = build_services(Settings(data_dir=data_dir, timezone="UTC"), SystemClock(), seed=1)
    run = services.mocks.start_exam("psm-1")
    print(f"started {run.id}", flush=True)
    for position in range(run.state.total):
        run.go(position)
        if position % 3 == 0:
            run.toggle_flag()
        state = run.answer("A")
        flagged = state.items[position].flagged
        print(f"answered {position} A {int(flagged)} {state.elapsed_ms}", flush=True)
        time.sleep(pause)
        run.tick()
    services.close()


if __name__ == "__main__":
    main()
