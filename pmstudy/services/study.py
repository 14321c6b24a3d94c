"""Studying: the deck tree with today's counts, and the factory of study sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pmstudy.clock import Clock
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.cards import one_line
from pmstudy.domain.deck_tree import DeckNode
from pmstudy.domain.exam import NewFrom, new_limit, new_offered
from pmstudy.domain.scheduling import LEARN_AHEAD, Counts, DayClock, StudyQueue
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.day_plan import plan_budgets
from pmstudy.services.session import DuePolicy, StudySession


class StudyService:
    """Deck overview and session factory."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        days: DayClock,
        seed: int,
        *,
        due_policy: Callable[[], DuePolicy | None] | None = None,
        learn_ahead: dt.timedelta = LEARN_AHEAD,
    ) -> None:
        self._db = db
        self._clock = clock
        self._days = days
        self._seed = seed
        self._due_policy = due_policy
        self._learn_ahead = learn_ahead

    def _policy(self) -> DuePolicy | None:
        return None if self._due_policy is None else self._due_policy()

    @property
    def clock(self) -> Clock:
        """The clock in use."""
        return self._clock

    def deck_tree(self) -> list[DeckNode]:
        """Every deck with what is left today, sub-decks included and limits applied.

        Today's new-card limit is the learner's "today only" number, else an active exam
        plan's (one budget per goal across its decks: services/day_plan.py), else the preset's.
        """
        now = self._clock.now()
        day = self._days.day_of(now)
        start, end = self._days.start_of(day), self._days.next_day_start(now)
        with self._db.read() as uow:
            decks = uow.repo.decks()
            raw = uow.repo.raw_counts(now=now, day_start=start, day_end=end)
            presets = uow.repo.presets_by_deck()
            today_only = uow.repo.new_limits_today(day)
            budgets = plan_budgets(uow, self._days, now, {d: c.new_done for d, c in raw.items()})
        available = {deck_id: counts.new for deck_id, counts in raw.items()}
        nodes = []
        for deck in decks:
            prefix = deck.name + "::"
            members = [d for d in decks if d.name == deck.name or d.name.startswith(prefix)]
            learning = review = total = new_done = reviews_done = 0
            for member in members:
                counts = raw.get(member.id)
                if counts is None:
                    continue
                learning += counts.learning
                review += counts.review
                total += counts.total
                new_done += counts.new_done
                reviews_done += counts.reviews_done
            preset = presets[deck.id]
            limit = new_limit(
                deck.id,
                today_only=today_only.get(deck.id),
                preset_per_day=preset.new_per_day,
                budgets=budgets,
            )
            new = new_offered(limit, [m.id for m in members], available, new_done, budgets)
            shared = next((b for b in budgets if b.goal_id == limit.goal_id), None)
            review = max(0, min(review, preset.max_reviews_per_day - reviews_done))
            parts = deck.name.split("::")
            nodes.append(
                DeckNode(
                    deck.id,
                    deck.name,
                    len(parts) - 1,
                    # shown as is by the dashboard and 'pmstudy decks', whatever the table holds
                    one_line(parts[-1]),
                    Counts(new, learning, review),
                    total,
                    limit,
                    shared.left if shared is not None and limit.source == NewFrom.PLAN else None,
                )
            )
        return nodes

    def set_new_limit_today(self, deck_name: str, limit: int | None) -> None:
        """Set the deck's "today only" new-card limit over its plan's or preset's number (None:
        back to them). It lapses at the end of the study day."""
        if limit is not None and not 0 <= limit <= 9999:
            raise PmStudyError("today's new-card limit lies between 0 and 9999")
        day = self._days.day_of(self._clock.now())
        with self._db.write() as uow:
            deck = uow.repo.deck_by_name(deck_name)
            if deck is None:
                raise NotFoundError(f"no deck named {deck_name!r} (see 'pmstudy decks')")
            uow.repo.set_new_limit_today(deck.id, limit, day)

    def start(self, deck_id: int) -> StudySession:
        """A session over a deck and its sub-decks, with today's limits applied."""
        now = self._clock.now()
        node = next((n for n in self.deck_tree() if n.id == deck_id), None)
        if node is None:
            raise PmStudyError(f"no deck with id {deck_id}")
        with self._db.read() as uow:
            deck = uow.repo.deck(deck_id)
            deck_ids = uow.repo.deck_ids_in(deck.name)
            reviews, new, learning = uow.repo.queue_ids(
                deck_ids,
                now=now,
                day_end=self._days.next_day_start(now),
                review_limit=node.counts.review,
                new_limit=node.counts.new,
            )
        return self._session(reviews, new, learning, now)

    def start_filtered(self, card_ids: list[int], *, limit: int = 100) -> StudySession:
        """A session over chosen cards (e.g. an exam's weakest tasks), due or not.

        Reviews come earliest-due first, then new cards in queue order, at most ``limit`` of
        each; suspended and buried cards stay out.
        """
        now = self._clock.now()
        with self._db.read() as uow:
            reviews, new, learning = uow.exams.queue_for(card_ids, now=now, limit=limit)
        return self._session(reviews, new, learning, now)

    def _session(
        self,
        reviews: list[int],
        new: list[int],
        learning: dict[int, dt.datetime],
        now: dt.datetime,
    ) -> StudySession:
        """A session over these cards, for the study day ``now`` is in, its first cards read."""
        queue = StudyQueue(
            reviews=reviews,
            new=new,
            learning=learning,
            day_end=self._days.next_day_start(now),
            learn_ahead=self._learn_ahead,
        )
        study = StudySession(self._db, self._clock, self._days, self._seed, queue, self._policy())
        study.warm()
        return study
