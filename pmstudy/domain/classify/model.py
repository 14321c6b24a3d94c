"""The text model: TF-IDF word and character n-grams, one logistic regression for the domain and
one for the task (scikit-learn), combined so that a task is only suggested inside the suggested
domain.

scikit-learn (and NumPy) load when ``train`` is called, never at import: the app's start-up
does not pay for them, and a missing extra is one readable error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmstudy.domain.classify.values import ClassifierUnavailable, Example, Prediction
from pmstudy.domain.exam import ExamSpec

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

# Below this confidence the product says "unsure" instead of suggesting a domain; chosen from
# the leave-one-deck-out evaluation (docs/classify.md).
DEFAULT_MIN_CONFIDENCE = 0.5

RANDOM_STATE = 17
_C = 10.0


def _features() -> FeatureUnion:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1
                ),
            ),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
            ),
        ]
    )


def _fit(features: Any, labels: list[str]) -> LogisticRegression | str:
    """A fitted model, or the one label when there is only one to learn."""
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) == 1:
        return labels[0]
    model = LogisticRegression(
        C=_C, class_weight="balanced", max_iter=2000, random_state=RANDOM_STATE
    )
    model.fit(features, labels)
    return model


def _task_key(domain: str, task: str) -> str:
    return f"{domain}::{task}"


class Classifier:
    """A trained model of one exam's blueprint; ``predict`` suggests a domain and task per text."""

    def __init__(
        self,
        spec: ExamSpec,
        features: FeatureUnion,
        domains: LogisticRegression | str,
        tasks: LogisticRegression | str | None,
    ) -> None:
        self.spec = spec
        self._features = features
        self._domains = domains
        self._tasks = tasks

    def _probabilities(
        self, model: LogisticRegression | str, matrix: Any
    ) -> list[dict[str, float]]:
        if isinstance(model, str):
            return [{model: 1.0} for _ in range(matrix.shape[0])]
        labels = [str(label) for label in model.classes_]
        return [
            dict(zip(labels, map(float, row), strict=True)) for row in model.predict_proba(matrix)
        ]

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One prediction per text, in order."""
        if not texts:
            return []
        matrix = self._features.transform(list(texts))
        domain_rows = self._probabilities(self._domains, matrix)
        task_rows = (
            self._probabilities(self._tasks, matrix)
            if self._tasks is not None
            else [{} for _ in texts]
        )
        return [self._one(d, t) for d, t in zip(domain_rows, task_rows, strict=True)]

    def _one(self, domain_p: dict[str, float], task_p: dict[str, float]) -> Prediction:
        domain = max(domain_p, key=lambda d: (domain_p[d], d))
        confidence = domain_p[domain]
        prefix = f"{domain}::"
        inside = {key: p for key, p in task_p.items() if key.startswith(prefix)}
        if not inside:
            return Prediction(domain, confidence, None, 0.0)
        best = max(inside, key=lambda k: (inside[k], k))
        within = inside[best] / sum(inside.values())
        return Prediction(domain, confidence, best[len(prefix) :], confidence * within)


def _check(spec: ExamSpec, examples: Sequence[Example]) -> None:
    tasks = {d.id: {t.id for t in d.tasks} for d in spec.domains}
    for example in examples:
        known = tasks.get(example.domain)
        if known is None:
            raise ValueError(f"{spec.id} has no domain {example.domain!r}")
        if example.task is not None and example.task not in known:
            raise ValueError(f"{spec.id}'s domain {example.domain!r} has no task {example.task!r}")


def train(spec: ExamSpec, examples: Sequence[Example]) -> Classifier:
    """A classifier of ``spec``'s domains and tasks learned from ``examples``.

    Deterministic: the same examples give the same model. Raises ClassifierUnavailable when
    scikit-learn is not installed, ValueError when there is no example or one names a domain
    or task the exam does not have.
    """
    try:
        import sklearn  # noqa: F401
    except ImportError as error:
        raise ClassifierUnavailable() from error
    if not examples:
        raise ValueError(f"no training example for {spec.id}")
    _check(spec, examples)
    features = _features()
    matrix = features.fit_transform([e.text for e in examples])
    domains = _fit(matrix, [e.domain for e in examples])
    with_task = [i for i, e in enumerate(examples) if e.task is not None]
    tasks = None
    if with_task:
        labels = [_task_key(examples[i].domain, examples[i].task or "") for i in with_task]
        tasks = _fit(matrix[with_task], labels)
    return Classifier(spec, features, domains, tasks)
