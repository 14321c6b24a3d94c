"""What the classifier learns from and what it says: labelled examples and predictions."""

from __future__ import annotations

from dataclasses import dataclass

from pmstudy.errors import PmStudyError


@dataclass(frozen=True)
class Example:
    """A text labelled with a domain of the exam and, when known, one of that domain's tasks;
    ``weight`` says how much it counts against one card (the blueprint's statements count more:
    they are few and say exactly what a task is)."""

    text: str
    domain: str
    task: str | None
    weight: float = 1.0


@dataclass(frozen=True)
class Prediction:
    """The suggested domain and task of one text, each with the model's confidence (0..1).

    ``task_confidence`` is the confidence in domain *and* task together; ``task`` is None for a
    domain without tasks (its confidence is then 0).
    """

    domain: str
    domain_confidence: float
    task: str | None
    task_confidence: float


class ClassifierUnavailable(PmStudyError):  # noqa: N818 (the name the product asks for)
    """The text model's library (scikit-learn, an optional extra) is not installed."""

    def __init__(self) -> None:
        super().__init__("suggesting domains needs scikit-learn: pip install 'pmstudy[classify]'")
