"""Where the crash log goes when no data folder is known yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmstudy import crashlog


def test_without_a_data_folder_the_log_goes_to_the_default_one_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "default"
    monkeypatch.setattr(crashlog, "default_data_dir", lambda: default)
    monkeypatch.chdir(tmp_path)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        where = crashlog.record(None)
    assert where == default / crashlog.FILE_NAME
    assert "RuntimeError: boom" in where.read_text(encoding="utf-8")
    assert not (tmp_path / crashlog.FILE_NAME).exists()
