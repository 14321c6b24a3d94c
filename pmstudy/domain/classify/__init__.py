"""Suggesting a note's exam domain and task from its text: the text a note is judged by, the
examples and predictions, and the model (scikit-learn, an optional extra).

Other packages import from here. scikit-learn loads only when ``train`` runs, never when this
package is imported (start-up may import it).
"""

from __future__ import annotations

from pmstudy.domain.classify.model import DEFAULT_MIN_CONFIDENCE, Classifier, train
from pmstudy.domain.classify.text import PROVENANCE_FIELDS, judged_fields, note_text
from pmstudy.domain.classify.values import ClassifierUnavailable, Example, Prediction

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "PROVENANCE_FIELDS",
    "Classifier",
    "ClassifierUnavailable",
    "Example",
    "Prediction",
    "judged_fields",
    "note_text",
    "train",
]
