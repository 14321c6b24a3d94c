"""The dashboard's keys for the highlighted deck (rename, delete and its undo, move, exams,
today's new cards, export, postpone) and the day (calendar): each opens its dialog from
tui/screens/deck_actions.py and friends, loaded on first use, then refreshes the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from pmstudy.tui.widgets.deck_table import DeckTable

if TYPE_CHECKING:
    from pmstudy.tui.ports import DashboardServices


def services_open(services: object) -> bool:
    """False while the app's services are still being opened (services/opening.py)."""
    return bool(getattr(services, "is_open", True))


class DeckActions(Screen[None]):
    """The dashboard's deck and day actions; the dashboard supplies services and refresh."""

    services: DashboardServices

    def action_refresh(self) -> None:
        """Read the deck counts again (the dashboard's)."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo of a deck deletion only while there is one to undo."""
        if action == "undo_delete":
            return services_open(self.services) and self.services.deck_edits.undoable is not None
        return True

    def _deck_done(self, sentence: str | None) -> None:
        if sentence:
            self.notify(sentence, markup=False)
        self.action_refresh()

    def _selected_name(self) -> str | None:
        node = self.query_one(DeckTable).selected
        return node.name if node is not None else None

    def action_rename_deck(self) -> None:
        """Rename the highlighted deck (its sub-decks follow)."""
        from pmstudy.tui.screens.deck_actions import RenameDeckScreen

        if (name := self._selected_name()) is not None:
            self.app.push_screen(RenameDeckScreen(self.services, name), self._deck_done)

    def action_delete_deck(self) -> None:
        """Delete the highlighted deck after saying what goes; undo with u."""
        from pmstudy.tui.screens.deck_actions import delete_deck

        if (name := self._selected_name()) is not None:
            delete_deck(self, self.services, name, self.action_refresh)

    def action_undo_delete(self) -> None:
        """Put the last deleted deck back, with its cards, notes and history."""
        from pmstudy.tui.screens.deck_actions import undo_delete

        undo_delete(self, self.services)
        self.action_refresh()

    def action_move_deck(self) -> None:
        """Move the highlighted deck under another deck, or to the top level."""
        from pmstudy.tui.screens.deck_actions import MoveDeckScreen

        if (name := self._selected_name()) is not None:
            self.app.push_screen(MoveDeckScreen(self.services, name), self._deck_done)

    def action_link_exams(self) -> None:
        """Tick the exams that count the highlighted deck."""
        from pmstudy.tui.screens.deck_actions import ExamLinksScreen

        if (name := self._selected_name()) is not None:
            self.app.push_screen(ExamLinksScreen(self.services, name), self._deck_done)

    def action_today_limit(self) -> None:
        """Set the highlighted deck's new cards for today (empty: back to the plan)."""
        from pmstudy.tui.screens.plan_day import TodayLimitScreen

        node = self.query_one(DeckTable).selected
        if node is not None:
            dialog = TodayLimitScreen(node, self.services.study.set_new_limit_today)
            self.app.push_screen(dialog, self._deck_done)

    def action_export_deck(self) -> None:
        """Export the highlighted deck as .apkg, CSV or deck file."""
        from pmstudy.tui.screens.deck_export import ExportDeckScreen

        if (name := self._selected_name()) is not None:
            self.app.push_screen(ExportDeckScreen(self.services, name), self._deck_done)

    def action_postpone(self) -> None:
        """Postpone, advance or schedule a break for the highlighted deck (preview first)."""
        from pmstudy.tui.screens.postpone import PostponeFlow

        if (name := self._selected_name()) is not None:
            PostponeFlow(self, self.services.postponer, name, self.action_refresh).start()

    def action_calendar(self) -> None:
        """Breaks and easy days on specific dates, and the load balancer switch."""
        from pmstudy.tui.screens.calendar import CalendarScreen

        self.app.push_screen(
            CalendarScreen(self.services.calendar), lambda _: self.action_refresh()
        )
