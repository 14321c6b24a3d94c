"""The services of ``pmstudy`` (the app), opened after its first frame, and the deck counts
read ahead of them.

Importing SQLAlchemy, the models and the services, then opening (and if needed upgrading)
the database takes three times as long as painting a Textual screen. The app starts with
this stand-in: it holds the settings at once, and the rest once ``open()`` has run, which the
dashboard does in a worker thread right after its first frame (a loading state until then,
never a number it has not read). Any other use before that opens the services there and then.

That work is Python, one processor core's worth under the GIL. Where a second core is free,
:class:`ReadAhead` uses it: before the app imports Textual, a forked child opens the database
read-only and reads the deck tree, which the first frames show while this process opens its
own services (the same numbers, read again, replace them).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from pmstudy.domain.deck_tree import DeckNode
    from pmstudy.services.container import Services
    from pmstudy.settings import Settings

T = TypeVar("T")

WAIT_S = 1.0
"""How long the app waits for the read-ahead child (which takes ≈ 0.4 s, beside the first frame)
before it opens the database itself."""


def _second_core() -> bool:
    """Whether a forked child would run beside this process: Linux (fork is safe there before
    any thread starts), no thread running yet, two processor cores or more."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) >= 2


class ReadAhead(Generic[T]):
    """A result computed in a forked child process while this process goes on."""

    def __init__(self, pid: int, pipe: int) -> None:
        self._pid = pid
        self._pipe = pipe
        self._taken = False
        self._lock = threading.Lock()

    @classmethod
    def start(cls, work: Callable[[], T]) -> ReadAhead[T] | None:
        """Fork a child that runs ``work`` and sends its result back over a pipe (None: no
        child here, see :func:`_second_core`)."""
        if not _second_core():
            return None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: nothing of the parent's (output buffers, exit hooks) runs
            os.close(read_end)
            code = 1
            try:
                # the terminal is the app's: no key read here, no warning printed over it
                quiet = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):
                    os.dup2(quiet, stream)
                sys.stdout = sys.stderr = open(quiet, "w", closefd=False)  # noqa: SIM115
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with open(write_end, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)  # whatever failed: the parent reads nothing and goes on
        os.close(write_end)
        return cls(pid, read_end)

    def result(self, timeout: float = WAIT_S) -> T | None:
        """Wait for the child: what ``work`` returned, or None when it failed or took longer
        than ``timeout`` seconds (a database another process holds). Once only."""
        with self._lock:
            if self._taken:
                return None
            self._taken = True
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        with open(self._pipe, "rb", buffering=0) as pipe:
            while select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))[0]:
                chunk = pipe.read(1 << 16)
                if not chunk:  # the child is done
                    break
                chunks.append(chunk)
            else:
                os.kill(self._pid, signal.SIGKILL)  # too slow: the app opens without it
                chunks = []
        _, status = os.waitpid(self._pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not chunks:
            return None
        result: T = pickle.loads(b"".join(chunks))  # our own child's bytes, never a file's
        return result

    def cancel(self) -> None:
        """Stop the child if its result is not being taken (the app closed first)."""
        with self._lock:
            if self._taken:
                return
            self._taken = True
        os.kill(self._pid, signal.SIGKILL)  # not reaped yet: the pid is still the child's
        os.waitpid(self._pid, 0)
        os.close(self._pipe)


class ServicesOnFirstUse:
    """Every attribute of ``Services``; the database is opened by the first use but
    ``settings``. Safe to open from any thread, once."""

    def __init__(
        self,
        settings: Settings,
        build: Callable[[Settings], Services],
        *,
        ahead: ReadAhead[list[DeckNode] | None] | None = None,
    ) -> None:
        self.settings = settings
        self._build = build
        self._ahead = ahead
        self._lock = threading.Lock()
        self._services: Services | None = None

    @property
    def is_open(self) -> bool:
        """Whether the database is open (every attribute is then read without waiting)."""
        return self._services is not None

    def deck_tree_ahead(self) -> list[DeckNode] | None:
        """The deck tree as the read-ahead child read it, waiting for it (None: there is no
        child, it could not read one, or it was taken already). Meant for a worker thread."""
        return None if self._ahead is None else self._ahead.result()

    def open(self) -> Services:
        """Open the database and build the services (the first call; later ones return them)."""
        with self._lock:
            if self._services is None:
                self._services = self._build(self.settings)
            return self._services

    @property
    def opened(self) -> Services | None:
        """The services, when open (nothing is opened)."""
        return self._services

    def close(self) -> None:
        """Release the database, if it was opened, and the read-ahead child, if it runs."""
        with self._lock:
            if self._ahead is not None:
                self._ahead.cancel()
            if self._services is not None:
                self._services.close()

    def __getattr__(self, name: str) -> Any:
        # only for what the instance lacks: every service, opened first
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.open(), name)
