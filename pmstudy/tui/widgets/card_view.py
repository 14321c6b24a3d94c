"""A card on screen: front, then the back with its source; long cards scroll."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Rule, Static

from pmstudy.domain.cards import RenderedCard, Segment, image_sources, plain
from pmstudy.domain.model import StudyCard
from pmstudy.tui.widgets.card_images import CardImages, ImageSource
from pmstudy.tui.widgets.choice_list import ChoiceList
from pmstudy.tui.widgets.segments import segments_to_text


@dataclass(frozen=True)
class CardFace:
    """What the card view needs: the rendered card and its note's source and confidence."""

    rendered: RenderedCard
    deck: str = ""
    source: str = ""
    confidence: str = ""
    cited: tuple[tuple[str, str], ...] = ()  # (key, title) of the sources ``source`` names
    card_id: int | None = None  # whose media files the images are

    @classmethod
    def of(
        cls,
        card: StudyCard,
        rendered: RenderedCard,
        titles: Callable[[str | None, str], tuple[tuple[str, str], ...]] | None = None,
    ) -> CardFace:
        """The face of ``card`` (fields read as readable plain text); ``titles`` finds the
        titles of the sources its Source field cites by key."""
        fields, html = card.note.fields, card.note.html
        source = plain(fields.get("Source", ""), html=html).strip()
        return cls(
            rendered=rendered,
            deck=card.deck_name,
            source=source,
            confidence=plain(fields.get("Confidence", ""), html=html).strip(),
            cited=titles(card.note.source, source) if titles is not None and source else (),
            card_id=card.id,
        )


def confidence_text(confidence: str) -> Text:
    """The warning shown on cards whose fact is not certain."""
    text = Text()
    text.append("⚠ ", "bold yellow")
    text.append(confidence or "uncertain", "bold yellow")
    text.append(" — sources disagree or could not confirm this", "yellow")
    return text


def source_text(source: str, cited: tuple[tuple[str, str], ...] = ()) -> Text:
    """The dim source line under the back, then each cited source's key and title."""
    text = Text("Source: ", "dim bold")
    text.append(source, "dim")
    for key, title in cited:
        text.append(f"\n  {key}", "dim bold")
        text.append(f"  {title}", "dim")
    return text


class CardView(VerticalScroll):
    """Shows one card; the review screen decides what is shown when."""

    DEFAULT_CSS = """
    CardView {
        height: 1fr;
        align-horizontal: center;
        padding: 1 2;
    }
    CardView #card-body {
        max-width: 100;
        height: auto;
    }
    CardView #card-confidence, CardView #card-feedback { margin: 0 0 1 0; }
    CardView #card-front { margin: 0 0 0 0; }
    CardView #card-typed { margin: 1 0 0 0; }
    CardView #card-divider { margin: 1 0; color: $primary; }
    CardView #card-source { margin: 1 0 0 0; }
    CardView #card-message {
        width: 100%;
        max-width: 100;
        content-align: center middle;
        text-align: center;
        padding: 2 0;
    }
    """

    def __init__(self, *, id: str | None = None, images: ImageSource | None = None) -> None:
        super().__init__(id=id)
        self.face: CardFace | None = None
        self.images = images

    def compose(self) -> ComposeResult:
        """Every part a card may show; the unused ones are hidden."""
        with Vertical(id="card-body"):
            yield Static(id="card-confidence")
            yield Static(id="card-front")
            yield CardImages(id="card-front-images")
            yield ChoiceList(id="card-choices")
            yield Input(placeholder="type the answer, then Enter", id="card-typed")
            yield Rule(id="card-divider")
            yield Static(id="card-feedback")
            yield Static(id="card-back")
            yield CardImages(id="card-back-images")
            yield Static(id="card-source")
        yield Static(id="card-message")

    def on_mount(self) -> None:
        """Nothing to show yet."""
        self.show_message(Text(""))

    @property
    def choices(self) -> ChoiceList:
        """The multiple-choice options."""
        return self.query_one(ChoiceList)

    @property
    def typed_input(self) -> Input:
        """The type-in answer box."""
        return self.query_one("#card-typed", Input)

    def _part(self, name: str) -> Static:
        return self.query_one(f"#card-{name}", Static)

    def show_front(self, face: CardFace) -> None:
        """Show a new card's front (answer hidden)."""
        self.face = face
        self.query_one("#card-body").display = True
        self._part("message").display = False
        confidence = self._part("confidence")
        confidence.display = bool(face.confidence)
        confidence.update(confidence_text(face.confidence) if face.confidence else "")
        self._part("front").update(segments_to_text(face.rendered.front))
        self.choices.load(face.rendered.choices)
        typed = self.typed_input
        typed.value = ""
        typed.display = face.rendered.expected is not None
        typed.disabled = False
        for name in ("feedback", "back", "source"):
            self._part(name).display = False
        self.query_one("#card-divider").display = False
        self._images("front").show(self.images, face.card_id, image_sources(face.rendered.front))
        self._images("back").show(None, None, [])
        self.scroll_home(animate=False)

    def show_back(self, feedback: list[Segment] | None = None) -> None:
        """Reveal the back under the front, after ``feedback`` on the answer given, if any.

        The typed answer gives way to its comparison with the expected one, and the options of a
        multiple-choice card to the back, which lists them all with why each is right or wrong.
        """
        face = self.face
        if face is None:
            return
        typed = self.typed_input
        typed.disabled = True
        typed.display = False
        self.choices.display = False
        self.query_one("#card-divider").display = True
        self._show("feedback", segments_to_text(feedback) if feedback else None)
        back = segments_to_text(face.rendered.back)
        self._show("back", back if back.plain else None)
        self._show("source", source_text(face.source, face.cited) if face.source else None)
        back_images = image_sources(face.rendered.back)
        if back_images:  # the answer's images take the place of the question's
            self._images("front").show(None, None, [])
            self._images("back").show(self.images, face.card_id, back_images)

    def _images(self, side: str) -> CardImages:
        return self.query_one(f"#card-{side}-images", CardImages)

    def next_image(self) -> bool:
        """Show the next image of the side on screen (False: it has no other)."""
        return self._images("back").next_image() or self._images("front").next_image()

    def _show(self, name: str, text: Text | None) -> None:
        part = self._part(name)
        part.display = text is not None
        part.update(text if text is not None else "")

    def show_message(self, message: Text) -> None:
        """Replace the card with a message (done for now, waiting for a learning card)."""
        self.face = None
        for side in ("front", "back"):
            self._images(side).show(None, None, [])
        self.query_one("#card-body").display = False
        message_part = self._part("message")
        message_part.display = True
        message_part.update(message)
