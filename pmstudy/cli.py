"""The composition root and command line: ``pmstudy`` (the TUI) and its subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from pmstudy import __version__, crashlog
from pmstudy.commands.common import Parser
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    """The argument parser."""
    from pmstudy.commands import register_all
    from pmstudy.commands.core import cmd_tui

    parser = Parser(prog="pmstudy", description=__doc__)
    parser.add_argument("--version", action="version", version=f"pmstudy {__version__}")
    parser.add_argument("--data-dir", type=Path, help="data directory (env PMSTUDY_DATA_DIR)")
    parser.set_defaults(handler=cmd_tui)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, build settings, run one command; errors become one line."""
    settings: Settings | None = None
    try:
        args = build_parser().parse_args(argv)
        overrides: dict[str, object] = {}
        if args.data_dir is not None:
            overrides["data_dir"] = args.data_dir
        try:
            settings = load_settings(overrides)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise PmStudyError(
                f"setting {field.upper() if field else ''}: {first['msg']}".replace(
                    "setting ", "setting PMSTUDY_", 1
                )
            ) from exc
        handler: Callable[[Settings, argparse.Namespace], int] = args.handler
        return handler(settings, args)
    except PmStudyError as exc:
        print(f"pmstudy: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`pmstudy plan | head`): not an error of ours; stdout is
        # pointed at /dev/null so that the interpreter's final flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        where = crashlog.record(settings.data_dir if settings else None)
        print(f"pmstudy: internal error: {crashlog.one_line(exc, where)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
