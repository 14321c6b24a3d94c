"""FSRS tuning: optimise parameters, evaluate them, reschedule (undoably), simulate workload.

``optimize`` fits per preset (or for the preset of one deck) on the review log of the cards
that use it, compares the old and the new parameters on the same data, and saves the new ones
only when their log loss is lower (or when forced). The optimiser is the optional
``pmstudy[optimizer]`` extra (``pmstudy.services.fsrs_engine``); everything else here works
without it.

A reschedule is one undoable step: every changed card gets one manual review-log row tagged
with the step (``answer = "reschedule <step>"``) that holds its state before and after, and the
settings table remembers the last step; undo restores the "before" of those rows and removes
them, leaving alone any card answered since.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.repo import Repository
from pmstudy.db.tuning import TuningRepository
from pmstudy.domain import parameters as params
from pmstudy.domain.days import DayClock
from pmstudy.domain.evaluation import Evaluation, evaluate
from pmstudy.domain.fsrs_vec import CardArrays
from pmstudy.domain.learner import learner_from_log
from pmstudy.domain.model import Preset
from pmstudy.domain.reschedule import ReschedulePlan, plan_reschedule
from pmstudy.domain.scheduler import DEFAULT_PARAMETERS
from pmstudy.domain.training import TrainingSet, build_training_set
from pmstudy.domain.workload import (
    RetentionAdvice,
    WorkloadResult,
    WorkloadSetup,
    retention_advice,
    simulate_workload,
)
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services import fsrs_engine
from pmstudy.services.clock import Clock

Progress = Callable[[str, int, int], None]
UNDO_KEY = "tuning.last_reschedule"
SECONDS_PER_DAY = 86_400.0


def _quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: says nothing."""


@dataclass(frozen=True)
class Scope:
    """A preset and the decks whose cards are looked at (all of its decks, or one subtree)."""

    preset: Preset
    deck_ids: tuple[int, ...]
    label: str


@dataclass(frozen=True)
class OptimizeResult:
    """What one fit did. ``status``: saved, kept (not better), insufficient, or forced."""

    preset: str
    scope: str
    status: str
    message: str
    answers_read: int = 0
    answers_used: int = 0
    items: int = 0
    cards: int = 0
    cards_skipped: int = 0
    partial: bool = False
    seconds: float = 0.0
    old: Evaluation | None = None
    new: Evaluation | None = None
    old_parameters: tuple[float, ...] = ()
    new_parameters: tuple[float, ...] | None = None

    @property
    def saved(self) -> bool:
        """Whether the preset now holds the new parameters."""
        return self.status in ("saved", "forced")

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "preset": self.preset,
            "scope": self.scope,
            "status": self.status,
            "saved": self.saved,
            "message": self.message,
            "reviews_read": self.answers_read,
            "reviews_used": self.answers_used,
            "training_items": self.items,
            "cards": self.cards,
            "cards_skipped": self.cards_skipped,
            "partial_fit": self.partial,
            "seconds": round(self.seconds, 3),
            "old": self.old.as_dict() if self.old else None,
            "new": self.new.as_dict() if self.new else None,
            "old_parameters": list(self.old_parameters),
            "new_parameters": list(self.new_parameters) if self.new_parameters else None,
        }


@dataclass(frozen=True)
class EvaluationReport:
    """The current parameters' log loss and RMSE (bins): overall, per preset, per deck."""

    overall: Evaluation | None
    presets: dict[str, Evaluation] = field(default_factory=dict)
    decks: dict[str, Evaluation] = field(default_factory=dict)
    answers_read: int = 0
    answers_used: int = 0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "overall": self.overall.as_dict() if self.overall else None,
            "presets": {k: v.as_dict() for k, v in self.presets.items()},
            "decks": {k: v.as_dict() for k, v in self.decks.items()},
            "reviews_read": self.answers_read,
            "reviews_used": self.answers_used,
        }


@dataclass(frozen=True)
class RescheduleReport:
    """A reschedule preview (dry run) or what was done, per scope."""

    scopes: tuple[str, ...]
    plan: dict[str, object]
    applied: bool
    step: str | None = None
    changed: int = 0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "scopes": list(self.scopes),
            "applied": self.applied,
            "step": self.step,
            "cards_written": self.changed,
            **self.plan,
        }


@dataclass(frozen=True)
class UndoReport:
    """What undoing the last reschedule did."""

    step: str
    restored: int
    skipped: int

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "step": self.step,
            "restored": self.restored,
            "skipped_answered_since": self.skipped,
        }


@dataclass(frozen=True)
class WorkloadReport:
    """A simulation at one retention and, optionally, the retention advice."""

    scope: str
    result: WorkloadResult
    advice: RetentionAdvice | None
    seconds_per_answer: float
    own_answer_times: bool
    existing_cards: int
    new_cards: int

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "scope": self.scope,
            "seconds_per_answer": round(self.seconds_per_answer, 2),
            "own_answer_times": self.own_answer_times,
            "existing_cards": self.existing_cards,
            "new_cards": self.new_cards,
            **self.result.as_dict(),
            "advice": self.advice.as_dict() if self.advice else None,
        }


def _merge_plans(plans: Sequence[ReschedulePlan]) -> dict[str, object]:
    summary: dict[str, object] = {
        "cards_considered": sum(p.considered for p in plans),
        "memory_recomputed": sum(p.replayed for p in plans),
        "cards_changed": sum(len(p.changed) for p in plans),
        "cards_moving": sum(p.moving for p in plans),
        "earlier": sum(p.earlier for p in plans),
        "later": sum(p.later for p in plans),
    }
    for key in ("forecast_before", "forecast_after"):
        width = max((len(getattr(p, key)) for p in plans), default=0)
        total = [0] * width
        for plan in plans:
            for day, count in enumerate(getattr(plan, key)):
                total[day] += count
        summary[key] = total
    return summary


class TuningService:
    """Optimise, evaluate, reschedule, simulate; and read or save deck-option presets."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Clock, days: DayClock, seed: int
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._seed = seed

    # --- presets ---------------------------------------------------------------------------

    def presets(self) -> list[tuple[Preset, list[str]]]:
        """Every preset with the names of the decks that use it."""
        with self._sessions() as session:
            repo = TuningRepository(session)
            presets = repo.presets()
            decks = repo.decks()
        return [(p, [name for _, name, pid in decks if pid == p.id]) for p in presets]

    def preset_of_deck(self, deck_id: int) -> Preset:
        """The preset a deck uses."""
        with self._sessions() as session:
            repo = TuningRepository(session)
            for did, _, preset_id in repo.decks():
                if did == deck_id:
                    return repo.preset(preset_id)
        raise NotFoundError(f"no deck with id {deck_id}")

    def preset(self, preset_id: int) -> Preset:
        """One preset by id."""
        with self._sessions() as session:
            return TuningRepository(session).preset(preset_id)

    def save_preset(self, preset: Preset) -> Preset:
        """Store edited deck options; parameters must pass py-fsrs's validation."""
        if preset.fsrs_params is not None:
            try:
                preset = replace(preset, fsrs_params=params.validate(preset.fsrs_params))
            except params.InvalidParametersError as exc:
                raise PmStudyError(f"FSRS parameters: {exc}") from exc
        with self._sessions.begin() as session:
            TuningRepository(session).save_preset(preset)
        return preset

    # --- scopes ----------------------------------------------------------------------------

    def scopes(self, *, preset: str | None = None, deck: str | None = None) -> list[Scope]:
        """The presets to work on: one by name, the preset of one deck, or every used preset."""
        if preset is not None and deck is not None:
            raise PmStudyError("name a preset or a deck, not both")
        with self._sessions() as session:
            repo = TuningRepository(session)
            decks = repo.decks()
            if deck is not None:
                inside = [(i, p) for i, n, p in decks if n == deck or n.startswith(deck + "::")]
                if not inside:
                    raise NotFoundError(f"no deck named {deck!r}")
                top = next(p for i, n, p in decks if n == deck)
                chosen = repo.preset(top)
                ids = tuple(i for i, p in inside if p == top)
                return [Scope(chosen, ids, f"deck {deck}")]
            found = repo.presets()
            if preset is not None:
                match = [p for p in found if p.name == preset]
                if not match:
                    names = ", ".join(p.name for p in found) or "none"
                    raise NotFoundError(f"no preset named {preset!r} (presets: {names})")
                found = match
            scopes = []
            for item in found:
                ids = tuple(i for i, _, p in decks if p == item.id)
                if ids or preset is not None:
                    scopes.append(Scope(item, ids, f"preset {item.name}"))
            return scopes

    def _training(self, deck_ids: Sequence[int] | None) -> TrainingSet:
        with self._sessions() as session:
            log = TuningRepository(session).log_columns(deck_ids)
        return build_training_set(log, self._days)

    # --- optimise --------------------------------------------------------------------------

    def optimize(
        self,
        *,
        preset: str | None = None,
        deck: str | None = None,
        force: bool = False,
        progress: Progress = _quiet,
    ) -> list[OptimizeResult]:
        """Fit parameters per scope; save those that beat the current ones (or all, forced)."""
        if not fsrs_engine.available():
            raise fsrs_engine.OptimizerMissingError()
        scopes = self.scopes(preset=preset, deck=deck)
        if not scopes:
            raise PmStudyError("there is no deck to optimise")
        return [self._optimize_one(scope, force, progress) for scope in scopes]

    def _optimize_one(self, scope: Scope, force: bool, progress: Progress) -> OptimizeResult:
        name = scope.preset.name
        progress(f"{scope.label}: reading the review log", 0, 4)
        data = self._training(scope.deck_ids)
        old_parameters = scope.preset.fsrs_params or DEFAULT_PARAMETERS
        counts: dict[str, Any] = {
            "answers_read": data.answers_read,
            "answers_used": data.answer_count,
            "items": data.item_count,
            "cards": data.sequence_count,
            "cards_skipped": data.cards_skipped,
        }
        if data.item_count < fsrs_engine.MIN_ITEMS:
            return OptimizeResult(
                name,
                scope.label,
                "insufficient",
                f"{scope.label}: only {data.item_count} review(s) can be used for training "
                f"(answers on a later study day than the card's last); the optimiser needs at "
                f"least {fsrs_engine.MIN_ITEMS}. The current parameters stay.",
                old_parameters=old_parameters,
                **counts,
            )
        progress(f"{scope.label}: fitting on {data.item_count:,} reviews", 1, 4)
        started = time.perf_counter()
        raw = fsrs_engine.fit(data)
        seconds = time.perf_counter() - started
        try:
            fitted = params.validate(params.sanitize(raw))
        except params.InvalidParametersError as exc:
            raise PmStudyError(f"the optimiser gave unusable parameters: {exc}") from exc
        if np.allclose(raw, fsrs_engine.default_parameters(), rtol=0, atol=1e-7):
            return OptimizeResult(
                name,
                scope.label,
                "insufficient",
                f"{scope.label}: after removing outliers too few reviews were left to fit; "
                "the current parameters stay.",
                seconds=seconds,
                old_parameters=old_parameters,
                **counts,
            )
        progress(f"{scope.label}: comparing old and new parameters", 2, 4)
        old = evaluate(data, old_parameters)
        new = evaluate(data, fitted)
        better = new.log_loss < old.log_loss
        partial = data.item_count < fsrs_engine.FULL_FIT_ITEMS
        if better or force:
            progress(f"{scope.label}: saving", 3, 4)
            with self._sessions.begin() as session:
                repo = TuningRepository(session)
                current = repo.preset(scope.preset.id or 0)
                repo.save_preset(replace(current, fsrs_params=fitted))
            status = "saved" if better else "forced"
            verdict = "saved" if better else "saved although they are not better (--force)"
        else:
            status = "kept"
            verdict = "not better than the current ones: not saved (use --force to save anyway)"
        progress(f"{scope.label}: done", 4, 4)
        detail = " (only the first-answer stabilities could be fitted)" if partial else ""
        message = (
            f"{scope.label}: log loss {old.log_loss:.4f} -> {new.log_loss:.4f}, RMSE (bins) "
            f"{old.rmse_bins:.4f} -> {new.rmse_bins:.4f} on {data.item_count:,} reviews; new "
            f"parameters {verdict}{detail}."
        )
        return OptimizeResult(
            name,
            scope.label,
            status,
            message,
            partial=partial,
            seconds=seconds,
            old=old,
            new=new,
            old_parameters=old_parameters,
            new_parameters=fitted,
            **counts,
        )

    # --- evaluate --------------------------------------------------------------------------

    def evaluate(self) -> EvaluationReport:
        """Each card's preset parameters on its own history: overall, per preset, per deck."""
        with self._sessions() as session:
            repo = TuningRepository(session)
            decks = repo.decks()
            presets = {p.id: p for p in repo.presets()}
            log = repo.log_columns(None)
        data = build_training_set(log, self._days)
        if data.item_count == 0:
            return EvaluationReport(None, answers_read=data.answers_read)
        deck_preset = {d: p for d, _, p in decks}
        deck_name = {d: n for d, n, _ in decks}
        preset_of_seq = np.asarray([deck_preset.get(int(d), -1) for d in data.decks])
        matrix = np.asarray(
            [
                (presets[p].fsrs_params if p in presets else None) or DEFAULT_PARAMETERS
                for p in preset_of_seq.tolist()
            ],
            dtype=np.float64,
        )
        item_seq = data.sequence_of()[data.items]
        overall = evaluate(data, matrix)
        per_preset: dict[str, Evaluation] = {}
        for preset_id in sorted(set(preset_of_seq.tolist())):
            if preset_id in presets:
                mask = preset_of_seq[item_seq] == preset_id
                per_preset[presets[preset_id].name] = evaluate(data, matrix, only=mask)
        per_deck: dict[str, Evaluation] = {}
        for deck_id in sorted(set(data.decks.tolist()), key=lambda d: deck_name.get(d, "")):
            mask = data.decks[item_seq] == deck_id
            if mask.any():
                per_deck[deck_name.get(deck_id, str(deck_id))] = evaluate(data, matrix, only=mask)
        return EvaluationReport(overall, per_preset, per_deck, data.answers_read, data.answer_count)

    # --- reschedule ------------------------------------------------------------------------

    def reschedule(
        self, *, preset: str | None = None, deck: str | None = None, dry_run: bool = False
    ) -> RescheduleReport:
        """Recompute memory and due dates after a parameter or retention change (one step)."""
        scopes = self.scopes(preset=preset, deck=deck)
        now = self._clock.now()
        step = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        tag = f"reschedule {step}"
        plans = []
        written = 0
        with self._sessions.begin() as session:
            repo = TuningRepository(session)
            for scope in scopes:
                if not scope.deck_ids:
                    continue
                index = dict.fromkeys(scope.deck_ids, 0)
                cards, raw = repo.card_columns(scope.deck_ids, index)
                log = repo.log_columns(scope.deck_ids)
                plan = plan_reschedule(
                    cards,
                    log,
                    [scope.preset],
                    seed=self._seed,
                    now_ts=now.timestamp(),
                    days=self._days,
                )
                plans.append(plan)
                if not dry_run:
                    written += repo.apply_reschedule(plan, raw, now=now, tag=tag)
            if not dry_run and written:
                Repository(session).set_setting(
                    UNDO_KEY,
                    {
                        "step": step,
                        "at": now.isoformat(),
                        "scopes": [s.label for s in scopes],
                        "cards": written,
                    },
                )
        return RescheduleReport(
            tuple(s.label for s in scopes),
            _merge_plans(plans),
            applied=not dry_run and written > 0,
            step=step if written and not dry_run else None,
            changed=written,
        )

    def last_reschedule(self) -> dict[str, object] | None:
        """The reschedule step undo would take back, if any."""
        with self._sessions() as session:
            value = Repository(session).get_setting(UNDO_KEY)
        return value if isinstance(value, dict) else None

    def undo_reschedule(self) -> UndoReport:
        """Take back the last reschedule (cards answered since keep their new state)."""
        with self._sessions.begin() as session:
            repo = Repository(session)
            value = repo.get_setting(UNDO_KEY)
            if not isinstance(value, dict) or "step" not in value:
                raise PmStudyError("there is no reschedule to undo")
            step = str(value["step"])
            restored, skipped = TuningRepository(session).undo_reschedule(f"reschedule {step}")
            repo.set_setting(UNDO_KEY, None)
        return UndoReport(step, restored, skipped)

    # --- simulate --------------------------------------------------------------------------

    def simulate(
        self,
        *,
        days: int,
        new_per_day: int,
        retention: float,
        preset: str | None = None,
        deck: str | None = None,
        new_cards: int | None = None,
        advice: bool = True,
        progress: Progress = _quiet,
    ) -> WorkloadReport:
        """Project reviews, minutes and memorised cards per day; advise a retention."""
        scopes = self.scopes(preset=preset, deck=deck)
        if not scopes:
            raise PmStudyError("there is no deck to simulate")
        if preset is None and deck is None:
            scope = max(scopes, key=lambda s: len(s.deck_ids))
            deck_ids: tuple[int, ...] = tuple(i for s in scopes for i in s.deck_ids)
            label = "all decks"
        else:
            scope = scopes[0]
            deck_ids = scope.deck_ids
            label = scope.label
        now = self._clock.now()
        progress("reading the collection", 0, 3)
        with self._sessions() as session:
            repo = TuningRepository(session)
            cards, _ = repo.card_columns(deck_ids, dict.fromkeys(deck_ids, 0))
            available = repo.new_card_count(deck_ids)
            learner = learner_from_log(repo.recent_answers(deck_ids))
        # Times count from the start of today's study day: fsrs_vec's study day is floor(t).
        origin = self._days.start_of(self._days.day_of(now)).timestamp()
        time_of_day = min((now.timestamp() - origin) / SECONDS_PER_DAY, 1.0 - 1e-9)
        start = CardArrays(
            state=cards.state.copy(),
            step=np.maximum(cards.step, 0),
            stability=cards.stability.copy(),
            difficulty=cards.difficulty.copy(),
            last=(cards.last - origin) / SECONDS_PER_DAY,
            due=(cards.due - origin) / SECONDS_PER_DAY,
            preset=np.zeros(len(cards), dtype=np.int64),
        )
        active = ~cards.suspended & np.isfinite(cards.stability)
        start = CardArrays(*(getattr(start, f)[active] for f in CardArrays.__dataclass_fields__))
        pool = available if new_cards is None else new_cards
        try:
            setup = WorkloadSetup(
                days=days,
                new_per_day=new_per_day,
                new_cards=pool,
                learner=learner,
                max_reviews_per_day=scope.preset.max_reviews_per_day,
                time_of_day=time_of_day,
            )
            progress(f"simulating {days} days", 1, 3)
            result = simulate_workload(start, scope.preset, retention, setup)
            progress("comparing retentions 0.70-0.95", 2, 3)
            best = retention_advice(start, scope.preset, setup) if advice else None
        except ValueError as exc:
            raise PmStudyError(str(exc)) from exc
        progress("done", 3, 3)
        return WorkloadReport(
            label,
            result,
            best,
            learner.seconds_per_answer,
            learner.own_seconds,
            len(start.state),
            min(pool, new_per_day * days),
        )
