"""Training data for the FSRS optimiser, built from the review log (pure, NumPy).

The rules follow FSRS's reference tools (fsrs-optimizer, Anki's ``reviews_for_fsrs``):

1. Only answers count (ratings 1-4). A manual row that sets a card back to new (``forget``,
   Anki's "reset") drops the history before it; other manual rows (due-date moves) are skipped,
   and so are mock-exam rows, which never went through the scheduler (as Anki skips cramming).
2. A card's history starts at its last run of learning answers (answers of kind ``learn``, in a
   row, nothing but mock-exam rows between them): Anki's ``reviews_for_fsrs`` walks back the
   same way, so a card learnt again without a reset row (as older Anki versions logged it)
   trains from its second learning. A card without a learning answer (imported without its
   first steps) has an incomplete history and is left out; so is a card whose last run of
   learning answers began before ``ignore_before`` (Anki's "ignore reviews before").
3. Every answer is kept, same-day learning steps included (as Anki has done since FSRS-5).
   ``delta_t`` is whole study days since the card's previous answer, by the study-day rule
   (``pmstudy.domain.scheduling.days.elapsed_days``, the learner's time zone and rollover hour): the
   rule live answers, replay and reschedule follow, so a fit describes the memory they compute. A
   same-day answer has ``delta_t`` 0 and takes FSRS's short-term formula, so w17–w19 are fitted.
4. Every answer on a later study day than the card's previous one (``delta_t`` > 0) is one
   training item: the card's history up to and including it (same-day answers before it
   shape the memory it is predicted from). A same-day answer is no item: FSRS does not predict
   recall within a day (Anki: ``delta_t > 0`` on an item's last review). Items are ordered by
   the time of that answer (the optimiser weights recent items more). Evaluation
   (``pmstudy.domain.scheduling.evaluation``) predicts the same items from the same histories.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from pmstudy.domain.exam import BoolArray, FloatArray, IntArray
from pmstudy.domain.model import CardState, ReviewKind
from pmstudy.domain.scheduling.days import DayClock, elapsed_days

SECONDS_PER_DAY = 86_400
# Zone offsets are looked up once per quarter hour of UTC time that holds an answer.
_OFFSET_BUCKET = 900
# Kind codes used in LogColumns.kind.
KIND_CODES: dict[str, int] = {kind.value: code for code, kind in enumerate(ReviewKind)}
MANUAL = KIND_CODES[ReviewKind.MANUAL.value]
MOCK_EXAM = KIND_CODES[ReviewKind.MOCK_EXAM.value]
LEARN = KIND_CODES[ReviewKind.LEARN.value]


@dataclass(frozen=True)
class LogColumns:
    """Review-log rows as columns, ordered by card then time.

    ``at`` is seconds since the Unix epoch (UTC); ``kind`` holds ``KIND_CODES`` values;
    ``deck`` is the card's deck id (for per-deck evaluation).
    """

    card: IntArray
    at: FloatArray
    rating: IntArray
    state_before: IntArray
    state_after: IntArray
    kind: IntArray
    deck: IntArray

    def __len__(self) -> int:
        return int(self.card.shape[0])

    @classmethod
    def of(cls, rows: list[tuple[int, float, int, int, int, str, int]]) -> LogColumns:
        """From (card, at, rating, state before, state after, kind, deck) tuples."""
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, np.zeros(0), empty, empty, empty, empty, empty)
        card, at, rating, before, after, kind, deck = zip(*rows, strict=True)
        ints = np.asarray
        return cls(
            card=ints(card, dtype=np.int64),
            at=ints(at, dtype=np.float64),
            rating=ints(rating, dtype=np.int64),
            state_before=ints(before, dtype=np.int64),
            state_after=ints(after, dtype=np.int64),
            kind=ints([KIND_CODES.get(k, MANUAL) for k in kind], dtype=np.int64),
            deck=ints(deck, dtype=np.int64),
        )


def study_days(at: FloatArray, days: DayClock) -> IntArray:
    """The study day (proleptic ordinal, as ``date.toordinal``) of each epoch-seconds instant.

    Equal to ``days.day_of(instant).toordinal()``; zone offsets are computed once per quarter
    hour, so 200,000 answers cost a few thousand zone look-ups.
    """
    if len(at) == 0:
        return np.zeros(0, dtype=np.int64)
    buckets = np.floor(at / _OFFSET_BUCKET).astype(np.int64)
    unique, inverse = np.unique(buckets, return_inverse=True)
    offsets = np.fromiter(
        (_offset_seconds(days.tz, int(b) * _OFFSET_BUCKET) for b in unique.tolist()),
        dtype=np.float64,
        count=len(unique),
    )
    local = at + offsets[inverse] - days.rollover_hour * 3600
    epoch_ordinal = dt.date(1970, 1, 1).toordinal()
    return np.floor(local / SECONDS_PER_DAY).astype(np.int64) + epoch_ordinal


def _offset_seconds(tz: dt.tzinfo, epoch: int) -> float:
    instant = dt.datetime.fromtimestamp(epoch, dt.UTC)
    offset = instant.astimezone(tz).utcoffset()
    return offset.total_seconds() if offset is not None else 0.0


@dataclass(frozen=True)
class TrainingSet:
    """Kept answers as per-card sequences, and the training items in time order.

    Sequence ``i`` covers flat positions ``starts[i]:starts[i + 1]``; ``delta`` is whole study
    days since the previous answer (0 for the first, and for a same-day answer). ``items`` are
    flat positions of the answers being predicted (never a sequence's first, never a same-day
    answer), in the order of their time.
    """

    card_ids: IntArray
    decks: IntArray
    starts: IntArray
    rating: IntArray
    delta: IntArray
    at: FloatArray
    items: IntArray
    answers_read: int
    cards_skipped: int

    @property
    def sequence_count(self) -> int:
        """How many cards have a usable history."""
        return int(self.card_ids.shape[0])

    @property
    def item_count(self) -> int:
        """How many answers can be predicted (the optimiser's training items)."""
        return int(self.items.shape[0])

    @property
    def answer_count(self) -> int:
        """Answers kept (every answer of a usable history)."""
        return int(self.rating.shape[0])

    def sequence_of(self) -> IntArray:
        """For each flat position, its sequence number (computed once; read-only)."""
        return self._sequence

    def position(self) -> IntArray:
        """For each flat position, its index within its sequence (0 = first answer;
        computed once; read-only)."""
        return self._position

    # A fit reads these five times (engine items, card ids, two evaluations, their bins).
    @cached_property
    def _sequence(self) -> IntArray:
        lengths = np.diff(np.append(self.starts, self.answer_count))
        sequence = np.repeat(np.arange(self.sequence_count, dtype=np.int64), lengths)
        sequence.setflags(write=False)
        return sequence

    @cached_property
    def _position(self) -> IntArray:
        position = np.arange(self.answer_count, dtype=np.int64) - self.starts[self._sequence]
        position.setflags(write=False)
        return position

    def subset(self, keep_sequences: BoolArray) -> TrainingSet:
        """The same data restricted to some sequences (items keep their time order)."""
        sequence = self.sequence_of()
        keep_flat = keep_sequences[sequence]
        new_index = np.cumsum(keep_flat) - 1
        lengths = np.diff(np.append(self.starts, self.answer_count))[keep_sequences]
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        items = self.items[keep_flat[self.items]]
        return TrainingSet(
            card_ids=self.card_ids[keep_sequences],
            decks=self.decks[keep_sequences],
            starts=starts if len(lengths) else np.zeros(0, dtype=np.int64),
            rating=self.rating[keep_flat],
            delta=self.delta[keep_flat],
            at=self.at[keep_flat],
            items=new_index[items].astype(np.int64),
            answers_read=self.answers_read,
            cards_skipped=self.cards_skipped,
        )


def _group_starts(card: IntArray) -> BoolArray:
    first = np.ones(len(card), dtype=np.bool_)
    first[1:] = card[1:] != card[:-1]
    return first


def _last_learning_run(
    log: LogColumns, group: IntArray, groups: int, after_reset: BoolArray
) -> IntArray:
    """Per card, the log index where its last run of learning answers begins (-1: none)."""
    index = np.arange(len(log), dtype=np.int64)
    counted = np.flatnonzero(after_reset & (log.kind != MOCK_EXAM))
    learning = (
        (log.rating[counted] >= 1) & (log.rating[counted] <= 4) & (log.kind[counted] == LEARN)
    )
    previous_learning = np.zeros(len(counted), dtype=np.bool_)
    if len(counted):
        same_card = group[counted][1:] == group[counted][:-1]
        previous_learning[1:] = learning[:-1] & same_card
    run_start = counted[learning & ~previous_learning]
    start = np.full(groups, -1, dtype=np.int64)
    np.maximum.at(start, group[run_start], index[run_start])
    return start


def build_training_set(
    log: LogColumns, days: DayClock, *, ignore_before: float | None = None
) -> TrainingSet:
    """Apply the rules in the module docstring to a log ordered by card then time.

    ``ignore_before`` is epoch seconds: cards whose last learning began earlier are left out.
    """
    n = len(log)
    index = np.arange(n, dtype=np.int64)
    group = np.cumsum(_group_starts(log.card)) - 1 if n else np.zeros(0, dtype=np.int64)
    groups = int(group[-1]) + 1 if n else 0
    reset = (log.rating == 0) & (log.state_after == int(CardState.NEW))
    last_reset = np.full(groups, -1, dtype=np.int64)
    np.maximum.at(last_reset, group[reset], index[reset])
    after_reset = index > last_reset[group]
    start = _last_learning_run(log, group, groups, after_reset)
    if ignore_before is not None:
        early = (start >= 0) & (log.at[np.maximum(start, 0)] < ignore_before)
        start = np.where(early, n, start)
    answer = (
        (log.rating >= 1)
        & (log.rating <= 4)
        & (log.kind != MOCK_EXAM)
        & (log.kind != MANUAL)
        & after_reset
    )
    answered = group[answer]
    answered_cards = int(np.count_nonzero(np.diff(answered))) + 1 if len(answered) else 0
    keep = answer & (start[group] >= 0) & (index >= start[group])
    card, at, rating, deck = (a[keep] for a in (log.card, log.at, log.rating, log.deck))
    day = study_days(at, days)
    starts_mask = _group_starts(card)
    starts = np.flatnonzero(starts_mask).astype(np.int64)
    delta = np.zeros(len(card), dtype=np.int64)
    if len(card):
        delta[1:] = elapsed_days(day[:-1], day[1:])
        delta[starts_mask] = 0
    candidates = np.flatnonzero(~starts_mask & (delta > 0))
    items = candidates[np.argsort(at[candidates], kind="stable")].astype(np.int64)
    return TrainingSet(
        card_ids=card[starts_mask],
        decks=deck[starts_mask],
        starts=starts,
        rating=rating,
        delta=delta,
        at=at,
        items=items,
        answers_read=int(np.count_nonzero(answer)),
        cards_skipped=answered_cards - int(np.count_nonzero(starts_mask)),
    )
