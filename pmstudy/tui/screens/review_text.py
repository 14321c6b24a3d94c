"""The review screen's messages when no card is on screen: waiting, or done."""

from __future__ import annotations

from rich.text import Text


def wait_message(minutes: int) -> Text:
    """Shown while the only cards left are learning cards that are not due yet."""
    text = Text("Next card in ", "bold")
    text.append(f"{minutes} min", "bold #ff5f5f")
    text.append("\n\nA learning card comes back then; this screen will show it.\n", "")
    text.append("escape", "bold")
    text.append(" ends the session.", "")
    return text


def done_message(answered: int) -> Text:
    """Shown when nothing is left for today."""
    text = Text("Congratulations! You have finished this deck for now.", "bold green")
    text.append(f"\n\n{answered} card(s) answered in this session.\n", "")
    text.append("escape", "bold")
    text.append(" shows the summary and returns to the decks.", "")
    return text


def removed_message() -> Text:
    """Shown when a quick edit removed the card on screen (its cloze number is gone)."""
    text = Text("The edit removed this card", "bold yellow")
    text.append(" (its cloze number is no longer in the text).\n\n", "")
    text.append("escape", "bold")
    text.append(" ends the session; start it again to go on.", "")
    return text
