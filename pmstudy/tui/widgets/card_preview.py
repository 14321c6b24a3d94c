"""The browser's preview pane: the card's front and back, then facts about it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from pmstudy.domain.search import FLAG_NAMES, CardPreview
from pmstudy.tui.widgets.segments import segments_to_text


def preview_text(preview: CardPreview) -> tuple[Text, Text, Text]:
    """Front, back and a line of facts about the card."""
    card = preview.card
    memory = card.memory
    front = segments_to_text(preview.rendered.front)
    for choice in preview.rendered.choices:
        front.append(f"\n{choice.letter}. ")
        front.append(choice.text)
    back = segments_to_text(preview.rendered.back)
    info = Text()
    facts = [
        ("Deck", card.deck_name),
        ("Type", card.note.note_type or card.note.kind.value),
        ("Tags", " ".join(card.note.tags) or "—"),
        ("State", memory.state.name.lower()),
        ("Due", memory.due.strftime("%Y-%m-%d %H:%M") if memory.due else "—"),
        ("Stability", "—" if memory.stability is None else f"{memory.stability:.2f} days"),
        ("Difficulty", "—" if memory.difficulty is None else f"{memory.difficulty:.2f}"),
        ("Recall now", "—" if preview.retrievability is None else f"{preview.retrievability:.1%}"),
        ("Answers", f"{preview.reviews} ({memory.lapses} lapses)"),
        ("Flag", FLAG_NAMES[card.flag] if 0 <= card.flag < len(FLAG_NAMES) else str(card.flag)),
        ("Card id", str(card.id)),
    ]
    for label, value in facts:
        if label == "Flag" and not card.flag:
            continue
        info.append(f"{label:<11}", "bold")
        info.append(f"{value}\n")
    info.rstrip()
    return front, back, info


class CardPreviewPane(VerticalScroll):
    """Front, back and facts of one card (all literal text)."""

    def compose(self) -> ComposeResult:
        """Three blocks."""
        yield Static(id="preview-front")
        yield Static(id="preview-back")
        yield Static(id="preview-info")

    def show(self, preview: CardPreview | None) -> None:
        """Show a card, or say there is none."""
        if preview is None:
            front, back, info = Text("No card", "dim"), Text(), Text()
        else:
            front, back, info = preview_text(preview)
        self.query_one("#preview-front", Static).update(front)
        self.query_one("#preview-back", Static).update(back)
        self.query_one("#preview-info", Static).update(info)
