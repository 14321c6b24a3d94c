"""Whether another process is still running: how scratch and partial files left by a killed
pmstudy process (an import's unpack folder, a backup's temporary copy) are told from live ones."""

from __future__ import annotations

import os


def alive(pid: int) -> bool | None:
    """Whether process ``pid`` runs; None where it cannot be asked without harm (on Windows
    ``os.kill`` would end it), so that the caller falls back on the file's age."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # it exists (another user's), or the number is no pid we could have written
    return True
