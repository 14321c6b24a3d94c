"""The composition root and command line: ``pmstudy`` (the TUI) and its subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# Before pydantic loads: pmstudy uses no pydantic plugin, and looking for one reads the entry
# points of every installed package (30 ms of each start). A value the user set is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from typing import TYPE_CHECKING

from pmstudy import __version__, crashlog
from pmstudy.commands.common import Parser, UsageError, command_done, pause_collector
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.domain.deck_tree import DeckNode
    from pmstudy.services.opening import ReadAhead
    from pmstudy.settings import Settings

# Light on purpose: pydantic and the settings load once the command line is read, so that
# ``pmstudy`` (the app) forks its read-ahead child before them (services/opening.py).

DESCRIPTION = """\
pmstudy: spaced-repetition study for project-management exams (PMP, CAPM, PSM, PRINCE2...).
Without a command it opens the study app in the terminal; the commands below do the same work
from the shell."""

EPILOG = """\
common commands:
  pmstudy                          open the study app
  pmstudy decks                    your decks with new / learning / due cards
  pmstudy deck add --exam pmp-2026 install the bundled decks for an exam
  pmstudy import FILE              import an Anki package (.apkg), CSV/TSV/TXT or deck file
  pmstudy exam add PROFILE --date YYYY-MM-DD   book an exam
  pmstudy readiness                exam-day recall and pass probability
  pmstudy cards --search QUERY     search the cards

Every command takes --data-dir, --profile and --help; 'pmstudy COMMAND --help' says more."""

DATA_DIR_HELP = "data directory (default: env PMSTUDY_DATA_DIR, else your user data folder)"
# Not "profile": 'exam add PROFILE' already names an exam profile so.
LEARNER = "learner_profile"
PROFILE_HELP = "learner profile: its own cards, reviews and exams (default: env PMSTUDY_PROFILE)"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with ``command``'s module only when it names a command
    (``commands.MODULES``), else with every command."""
    from pmstudy.commands import register_all
    from pmstudy.commands.core import cmd_tui

    parser = Parser(
        prog="pmstudy",
        usage="%(prog)s [--version] [--data-dir DATA_DIR] [--profile NAME] [COMMAND [options]]",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pmstudy {__version__}")
    parser.add_argument("--data-dir", type=Path, help=DATA_DIR_HELP)
    parser.add_argument("--profile", dest=LEARNER, metavar="NAME", help=PROFILE_HELP)
    parser.set_defaults(handler=cmd_tui)
    sub = parser.add_subparsers(
        title="commands", dest="command", parser_class=Parser, prog="pmstudy"
    )
    register_all(sub, command)
    _share_global_options(parser)
    return parser


def _command_named(argv: Sequence[str]) -> str | None:
    """The first word of the command line that is neither an option nor an option's value
    (None: there is none). ``--help`` or ``--version`` before it needs every command."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help", "--version"):
            return None
        if word in ("--data-dir", "--profile"):
            next(words, None)  # its value
        elif not word.startswith("-"):
            return word
    return None


def _tui_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options, when the command line only opens the app (``pmstudy [--data-dir D]``).

    The full parser imports every command's module (a tenth of a second or more); the app
    needs none of them. Anything else (a command, --help, --version, a mistake) returns None
    and goes to the full parser, which answers as always.
    """
    parser = Parser(prog="pmstudy", add_help=False)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--profile", dest=LEARNER)
    try:
        args, rest = parser.parse_known_args(argv)
    except UsageError:
        return None
    return None if rest else args


def _read_ahead(args: argparse.Namespace) -> ReadAhead[list[DeckNode] | None] | None:
    from pmstudy.services.opening import ReadAhead

    def deck_tree() -> list[DeckNode] | None:
        from pmstudy.commands.common import read_deck_tree

        return read_deck_tree(_settings(args))

    return ReadAhead.start(deck_tree)


def _settings(args: argparse.Namespace) -> Settings:
    """The settings: the environment and settings file, with the command line's options over
    them; a bad value is one line naming the option or variable."""
    from pydantic import ValidationError

    from pmstudy.settings import load_settings

    overrides: dict[str, object] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    if getattr(args, LEARNER) is not None:
        overrides["profile"] = getattr(args, LEARNER)
    try:
        settings = load_settings(overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        # name what the user wrote: the option when one was given, else the variable
        options = {"data_dir": "--data-dir", "profile": "--profile"}
        named = options[field] if field in overrides else f"setting PMSTUDY_{field.upper()}"
        raise PmStudyError(f"{named}: {message}") from exc
    _check_data_dir(settings.data_dir)
    return settings


def _share_global_options(parser: argparse.ArgumentParser) -> None:
    """Accept ``--data-dir`` and ``--profile`` after any subcommand too (``pmstudy decks
    --data-dir D --profile ana``).

    A subcommand's copy has no default (SUPPRESS), so that it cannot overwrite a value given
    before the subcommand; it only sets one when it is given itself.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                child.add_argument(
                    "--data-dir", type=Path, default=argparse.SUPPRESS, help=DATA_DIR_HELP
                )
                child.add_argument(
                    "--profile",
                    dest=LEARNER,
                    metavar="NAME",
                    default=argparse.SUPPRESS,
                    help=PROFILE_HELP,
                )
                _share_global_options(child)


def _check_data_dir(data_dir: Path) -> None:
    """One clear line when the data directory, or a folder above it, is a file."""
    for folder in (data_dir, *data_dir.parents):
        if folder.exists():
            if not folder.is_dir():
                where = "" if folder == data_dir else f" ({folder})"
                raise PmStudyError(f"data directory {data_dir}{where} is a file, not a directory")
            return


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, build settings, run one command; errors become one line."""
    settings: Settings | None = None
    pause_collector()  # for start-up: until the services are open
    try:
        args = _tui_arguments(argv)
        if args is not None:
            # the child reads the deck counts on another core while this process loads the
            # app: started before the app's modules (and pydantic) are imported
            args.read_ahead = _read_ahead(args)
            from pmstudy.commands.core import cmd_tui

            args.handler = cmd_tui
        else:
            command = _command_named(sys.argv[1:] if argv is None else argv)
            args = build_parser(command).parse_args(argv)
        settings = _settings(args)
        handler: Callable[[Settings, argparse.Namespace], int] = args.handler
        code = handler(settings, args)
        # Output shorter than the buffer is written only now: a reader that has gone away
        # (`stats --json | head -1`) must show here, not in the interpreter's last flush.
        sys.stdout.flush()
        return code
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
    finally:
        # without argv: the command line's own, and the process ends when this returns
        command_done(process_ends=argv is None)


if __name__ == "__main__":
    raise SystemExit(main())
