"""The browser's preview pane: the card's front and back, then facts about it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from pmstudy.domain.cards import image_sources
from pmstudy.domain.search import FLAG_NAMES, CardPreview
from pmstudy.tui.widgets.card_images import CardImages, ImageSource
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
    """Front, back, the card's images and facts of one card (all literal text)."""

    def __init__(self, *, id: str | None = None, images: ImageSource | None = None) -> None:
        super().__init__(id=id)
        self.images = images

    def compose(self) -> ComposeResult:
        """Three blocks, the images before the facts."""
        yield Static(id="preview-front")
        yield Static(id="preview-back")
        yield CardImages(id="preview-images", share=4)
        yield Static(id="preview-info")

    def next_image(self) -> bool:
        """Show the card's next image (False: it has no other)."""
        return self.query_one(CardImages).next_image()

    def show(self, preview: CardPreview | None) -> None:
        """Show a card, or say there is none."""
        if preview is None:
            front, back, info = Text("No card", "dim"), Text(), Text()
            self.query_one(CardImages).show(None, None, [])
        else:
            front, back, info = preview_text(preview)
            rendered = preview.rendered
            names = dict.fromkeys(image_sources(rendered.front) + image_sources(rendered.back))
            self.query_one(CardImages).show(self.images, preview.card.id, list(names))
        self.query_one("#preview-front", Static).update(front)
        self.query_one("#preview-back", Static).update(back)
        self.query_one("#preview-info", Static).update(info)
