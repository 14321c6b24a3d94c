"""The study calendar: specific dates' loads (breaks, easy days), each preset's easy weekdays,
and the load balancer switch."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from pmstudy.commands.common import Parser, make_services, print_json
from pmstudy.settings import Settings
from pmstudy.tui.screens.calendar_text import (
    load_name,
    parse_dates,
    parse_load,
    parse_weekdays,
    weekday_name,
)

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.domain.model import Preset


def _dates(text: str) -> list[dt.date]:
    try:
        return parse_dates(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _load(text: str) -> float:
    try:
        return parse_load(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    """Specific dates, each preset's easy days and the balancer switch."""
    with make_services(settings, sync_decks=False) as services:
        calendar = services.calendar.calendar()
        balancing = services.calendar.balancing()
        presets = [p for p, _ in services.presets.with_decks()]
        today = services.calendar.today()
    weekdays = {p.name: services_weekdays(p) for p in presets}
    if args.json:
        print_json(
            {
                "load_balancer": balancing,
                "dates": [{"date": d.isoformat(), "load": v} for d, v in calendar.dates.items()],
                "easy_days": weekdays,
            }
        )
        return 0
    print(f"load balancer: {'on' if balancing else 'off'}")
    for name, loads in weekdays.items():
        days = ", ".join(
            f"{day} {weekday_name(v)}"
            for day, v in zip(WEEKDAY_NAMES, loads, strict=True)
            if v != 1
        )
        print(f"easy days ({name}): {days or 'none (every day normal)'}")
    if not calendar.dates:
        print("no specific dates")
    for day, load in calendar.dates.items():
        past = "  (past)" if day < today else ""
        print(f"{day.isoformat()}  {day.strftime('%a')}  {load_name(load)}{past}")
    return 0


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def services_weekdays(preset: Preset) -> list[float]:
    """A preset's seven weekday loads (all normal when unset)."""
    return list(preset.easy_days or (1.0,) * 7)


def cmd_set(settings: Settings, args: argparse.Namespace) -> int:
    """Give dates a load (0 = a break)."""
    with make_services(settings, sync_decks=False) as services:
        change = services.calendar.set_days(args.dates, args.load)
    days = change.days
    span = days[0].isoformat() + (f"..{days[-1].isoformat()}" if len(days) > 1 else "")
    print(f"{span}: {load_name(args.load)} ({len(days)} day(s))")
    if args.load == 0:
        # the calendar shapes new intervals; `break` also moves what is already due
        end = days[-1].isoformat()
        print(
            f"cards already due on these dates stay there: "
            f"'pmstudy break {days[0].isoformat()} {end}' moves them out"
        )
    return 0


def cmd_clear(settings: Settings, args: argparse.Namespace) -> int:
    """Remove dates' specific loads (they take their weekday's again)."""
    with make_services(settings, sync_decks=False) as services:
        change = services.calendar.clear_days(args.dates)
    cleared = sum(1 for v in change.before.values() if v is not None)
    print(f"cleared {cleared} date(s)")
    return 0


def cmd_easy_days(settings: Settings, args: argparse.Namespace) -> int:
    """Show or set a preset's seven weekday loads."""
    with make_services(settings, sync_decks=False) as services:
        preset = services.calendar.preset(args.preset)
        assert preset.id is not None
        if args.loads is not None:
            preset = services.calendar.set_easy_days(preset.id, args.loads)
    loads = services_weekdays(preset)
    print(
        f"easy days ({preset.name}): "
        + ", ".join(f"{d} {weekday_name(v)}" for d, v in zip(WEEKDAY_NAMES, loads, strict=True))
    )
    return 0


def cmd_balance(settings: Settings, args: argparse.Namespace) -> int:
    """Turn the load balancer on or off."""
    with make_services(settings, sync_decks=False) as services:
        services.calendar.set_balancing(args.state == "on")
    print(f"load balancer: {args.state}")
    return 0


def _weekdays(text: str) -> tuple[float, ...]:
    try:
        return parse_weekdays(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(sub: Subparsers) -> None:
    """Add the calendar subcommands."""
    calendar = sub.add_parser(
        "calendar", help="breaks and easy days (specific dates, weekdays), the load balancer"
    )
    calendar_sub = calendar.add_subparsers(
        dest="calendar_command", required=True, parser_class=Parser
    )
    listing = calendar_sub.add_parser("list", help="specific dates, easy weekdays, the balancer")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.set_defaults(handler=cmd_list)

    setting = calendar_sub.add_parser("set", help="give dates a review load (0: a break)")
    setting.add_argument(
        "dates", type=_dates, metavar="DATE[..DATE]", help="YYYY-MM-DD, or a range"
    )
    setting.add_argument(
        "--load", type=_load, required=True, metavar="X",
        help="normal, reduced (0.5), minimum / break (0) or a number from 0 to 1",
    )  # fmt: skip
    setting.set_defaults(handler=cmd_set)

    clear = calendar_sub.add_parser("clear", help="remove dates' loads (their weekday's again)")
    clear.add_argument("dates", type=_dates, metavar="DATE[..DATE]", help="YYYY-MM-DD, or a range")
    clear.set_defaults(handler=cmd_clear)

    easy = calendar_sub.add_parser("easy-days", help="show or set a preset's weekday loads")
    easy.add_argument(
        "loads", nargs="?", type=_weekdays, metavar="MON,TUE,...,SUN",
        help="seven loads, Monday first: normal, reduced, minimum or a number, e.g. "
        "normal,normal,normal,normal,normal,reduced,minimum",
    )  # fmt: skip
    easy.add_argument("--preset", metavar="NAME", help="the options preset (default: Default)")
    easy.set_defaults(handler=cmd_easy_days)

    balance = calendar_sub.add_parser("balance", help="turn the load balancer on or off")
    balance.add_argument("state", choices=["on", "off"], help="on: even out the daily reviews")
    balance.set_defaults(handler=cmd_balance)
