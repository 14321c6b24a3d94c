"""A throw-away PostgreSQL server for the tests that run pmstudy on PostgreSQL.

The server is started from the machine's PostgreSQL binaries (``initdb``, ``pg_ctl``) in a
temporary directory, listening on a Unix socket only, with fsync off; each test gets its own
database. Without the binaries or the ``psycopg`` driver the tests skip and say why.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

USER = "pmstudy"

# .ci/run sets this: there, a missing server or driver fails the run instead of skipping the
# PostgreSQL tests (profiles, roles, the group report) without anyone noticing.
REQUIRED = os.environ.get("PMSTUDY_REQUIRE_POSTGRES") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"PMSTUDY_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as the 'postgres' account then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Path]:
    """The socket directory of a running server (session-wide)."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        _unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is not installed (pip install 'pmstudy[postgres]')")
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' account to run the server")
    root = Path(tempfile.mkdtemp(prefix="pmstudy-pg-"))
    if os.geteuid() == 0:
        os.chown(root, server_user.pw_uid, server_user.pw_gid)
    data, log = root / "data", root / "server.log"
    subprocess.run(
        _as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    options = f"-k {root} -c listen_addresses='' -F -c max_connections=50"
    started = subprocess.run(
        _as_server_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]),
        check=False,
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        detail = log.read_text() if log.exists() else started.stderr
        pytest.fail(f"PostgreSQL did not start: {detail[-2000:]}")
    try:
        yield root
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


_numbers = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: Path) -> str:
    """The SQLAlchemy URL of a new, empty database on the test server."""
    import psycopg

    name = f"pmstudy_test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(host=str(pg_server), user=USER, dbname="postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{USER}@/{name}?host={pg_server}"
