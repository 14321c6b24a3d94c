"""Anki's own importer, exporter, scheduler, optimiser and evaluator, for the benches.

    ANKI_PYTHON bench/anki_side.py import PACKAGE COLLECTION_DIR
    ANKI_PYTHON bench/anki_side.py export COLLECTION_DIR OUT.apkg
    ANKI_PYTHON bench/anki_side.py count COLLECTION_DIR
    ANKI_PYTHON bench/anki_side.py history OUT.apkg CARDS REVIEWS SEED
    ANKI_PYTHON bench/anki_side.py fit COLLECTION_DIR
    ANKI_PYTHON bench/anki_side.py evaluate COLLECTION_DIR PARAMS.json

Never imported by pmstudy and not one of its dependencies: the interpreter is one with the
``anki`` package (``python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki``).
``import`` opens a new collection in COLLECTION_DIR and imports the package with scheduling,
as Anki's File > Import does, then closes it; ``export`` writes the collection as a package
with scheduling and deck options (Anki's current layout, zstd); ``count`` prints the notes,
cards and review-log rows as JSON.

``history`` (for ``bench_optimize_anki.py``) makes a review history with Anki's own FSRS
scheduler: a new collection with CARDS basic notes, FSRS on, Anki's default preset (learning
steps 1m 10m, relearning 10m, 0.9 retention) with 50 new cards a day; a seeded simulated
learner (``Learner`` below) answers every card the queue shows, day after day, until the
log holds REVIEWS rows, then the collection is exported to OUT.apkg. The clock is libfaketime's
(the process re-executes itself under it), so Anki's days, learning steps and revlog times
follow the simulated clock. ``fit`` runs Anki's "Optimize" (``compute_fsrs_params`` on the
preset's search, as the deck options do) and prints the parameters with wall and CPU seconds;
``evaluate`` scores each parameter set of PARAMS.json (a JSON object of name -> 21 numbers) with
Anki's evaluator (``evaluate_params_legacy``: fsrs-rs ``FSRS::evaluate`` on Anki's own training
items) and prints log loss and RMSE (bins) per name.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

FAKETIME_LIBRARY = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
HISTORY_START = 1_736_150_400  # 2025-01-06 08:00 UTC, a Monday
NEW_PER_DAY = 50
# The learner's true memory: FSRS-6 with parameters far enough from the defaults that the
# defaults predict it badly (tests/tuning/synthetic.py's), short-term terms included.
TRUE_PARAMETERS = (
    0.6, 2.4, 5.0, 14.0, 5.6, 0.6, 2.4, 0.02, 1.55, 0.12, 1.0, 1.9, 0.09, 0.32, 1.9,
    0.45, 2.3, 0.5425, 0.0912, 0.0658, 0.35,
)  # fmt: skip
FIRST_MIX = (0.2, 0.1, 0.55, 0.15)
PASS_MIX = (0.15, 0.7, 0.15)


class Learner:
    """A seeded simulated learner whose memory follows FSRS-6 under ``TRUE_PARAMETERS``.

    Each card has its own ease (a log-normal factor on its stabilities), so no single parameter
    set fits every card. Recall is drawn from the true retrievability at the real elapsed time;
    an answer on a later study day updates the memory by FSRS's long-term rule (whole days), a
    same-day one by its short-term rule (w17-w19).
    """

    def __init__(self, seed: int) -> None:
        import random

        self.rng = random.Random(seed)
        self.state: dict[int, tuple[float, float, float]] = {}  # card -> (s, d, last time)
        self.ease: dict[int, float] = {}
        w = TRUE_PARAMETERS
        self.decay = -w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1

    def _pick(self, mix: tuple[float, ...]) -> int:
        return self.rng.choices(range(len(mix)), weights=mix)[0]

    def answer(self, card: int, now: float) -> int:
        """The rating (1-4) the learner gives ``card`` at ``now`` (epoch seconds)."""
        import math

        w = TRUE_PARAMETERS
        if card not in self.state:
            self.ease[card] = math.exp(self.rng.gauss(0.0, 0.4))
            rating = self._pick(FIRST_MIX) + 1
            s = w[rating - 1] * self.ease[card]
            d = min(max(w[4] - math.exp(w[5] * (rating - 1)) + 1, 1.0), 10.0)
            self.state[card] = (s, d, now)
            return rating
        s, d, last = self.state[card]
        days = int((now - HISTORY_START) // 86_400) - int((last - HISTORY_START) // 86_400)
        recall_now = (1 + self.factor * (now - last) / 86_400 / s) ** self.decay
        rating = self._pick(PASS_MIX) + 2 if self.rng.random() < recall_now else 1
        if days == 0:
            sinc = math.exp(w[17] * (rating - 3 + w[18])) * s ** (-w[19])
            new_s = s * (max(sinc, 1.0) if rating >= 2 else sinc)
        else:
            recall = (1 + self.factor * days / s) ** self.decay
            if rating == 1:
                new_s = min(
                    w[11] * d ** (-w[12]) * ((s + 1) ** w[13] - 1) * math.exp((1 - recall) * w[14]),
                    s / math.exp(w[17] * w[18]),
                )
            else:
                bonus = (w[15] if rating == 2 else 1.0) * (w[16] if rating == 4 else 1.0)
                growth = (
                    math.exp(w[8]) * (11 - d) * s ** (-w[9]) * (math.exp((1 - recall) * w[10]) - 1)
                )
                new_s = s * (growth * bonus * self.ease[card] ** 0.5 + 1)
        damped = d + (10 - d) * (-w[6] * (rating - 3)) / 9
        easy_d = w[4] - math.exp(w[5] * 3) + 1
        new_d = min(max(w[7] * (easy_d - damped) + damped, 1.0), 10.0)
        self.state[card] = (min(max(new_s, 0.001), 36_500.0), new_d, now)
        return rating


class FakeClock:
    """libfaketime's clock, set by rewriting its timestamp file (frozen between settings)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.now = 0.0

    def set(self, epoch: float) -> None:
        self.now = epoch
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(epoch)))
        Path(self.path).write_text(stamp)


def _under_faketime(stamp_file: str) -> None:
    """Re-execute this process under libfaketime (frozen at the history's start) unless it is."""
    if os.environ.get("FAKETIME_TIMESTAMP_FILE") == stamp_file:
        return
    FakeClock(stamp_file).set(HISTORY_START)
    env = dict(os.environ, LD_PRELOAD=FAKETIME_LIBRARY, FAKETIME_TIMESTAMP_FILE=stamp_file)
    env.update(FAKETIME_NO_CACHE="1", TZ="UTC", FAKETIME_DONT_RESET="1")
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


def make_history(out: str, cards: int, reviews: int, seed: int) -> dict[str, object]:
    """A review history written by Anki's scheduler (see the module docstring)."""
    import tempfile

    from anki.collection import AddNoteRequest
    from anki.scheduler_pb2 import CardAnswer, QueuedCards

    stamp_file = str(Path(out).resolve()) + ".clock"
    _under_faketime(stamp_file)
    clock = FakeClock(stamp_file)
    clock.set(HISTORY_START)
    learner = Learner(seed)
    import random

    pace = random.Random(seed + 1)
    with tempfile.TemporaryDirectory() as scratch:
        collection = _open(scratch)
        collection.set_config("fsrs", True)
        # A throw-away collection: no fsync per answer (4x faster, same rows).
        collection.db.execute("PRAGMA synchronous = OFF")
        deck_id = collection.decks.id("Bench")
        config = collection.decks.config_dict_for_deck_id(deck_id)
        config["new"]["perDay"] = NEW_PER_DAY
        config["rev"]["perDay"] = 9999
        collection.decks.update_config(config)
        notetype = collection.models.by_name("Basic")
        requests = []
        for number in range(cards):
            note = collection.new_note(notetype)
            note["Front"] = f"question {number}"
            note["Back"] = f"answer {number}"
            requests.append(AddNoteRequest(note=note, deck_id=deck_id))
        collection.add_notes(requests)
        collection.decks.select(deck_id)
        ratings = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
        day = 0
        written = 0
        while written < reviews:
            clock.set(HISTORY_START + day * 86_400 + pace.randint(0, 4 * 3600))
            while True:
                queued = collection.sched.get_queued_cards(fetch_limit=1)
                if not queued.cards:
                    break
                top = queued.cards[0]
                if top.queue == QueuedCards.LEARNING and top.card.due > clock.now:
                    clock.set(top.card.due + pace.randint(0, 60))
                taken = pace.randint(4_000, 20_000)
                clock.set(clock.now + taken / 1000)
                rating = learner.answer(top.card.id, clock.now)
                states = top.states
                new_state = (states.again, states.hard, states.good, states.easy)[rating - 1]
                collection.sched.answer_card(
                    CardAnswer(
                        card_id=top.card.id,
                        current_state=states.current,
                        new_state=new_state,
                        rating=ratings[rating],
                        answered_at_millis=int(clock.now * 1000),
                        milliseconds_taken=taken,
                    )
                )
                written += 1
            day += 1
            if day % 50 == 0:
                print(f"day {day}: {written} answers", file=sys.stderr)
        counts = {
            "cards": collection.card_count(),
            "reviews": collection.db.scalar("SELECT count() FROM revlog"),
            "days": day,
        }
        collection.export_anki_package(
            out_path=str(Path(out).resolve()),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
            ),
            limit=None,
        )
        collection.close()
    Path(stamp_file).unlink(missing_ok=True)
    return counts


PRESET_SEARCH = 'preset:"Default" -is:suspended'


def _seconds() -> tuple[float, float]:
    """(wall, CPU of every thread of this process) in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), usage.ru_utime + usage.ru_stime


def fit(folder: str) -> dict[str, object]:
    """Anki's "Optimize" on the Default preset, as its deck options call it."""
    collection = _open(folder)
    config = collection.decks.config_dict_for_deck_id(collection.decks.id("Bench"))
    wall, cpu = _seconds()
    response = collection._backend.compute_fsrs_params(
        search=PRESET_SEARCH,
        current_params=list(config.get("fsrsParams6") or []),
        ignore_revlogs_before_ms=0,
        num_of_relearning_steps=len(config["lapse"]["delays"]),
        health_check=False,
    )
    wall_end, cpu_end = _seconds()
    collection.close()
    return {
        "params": [round(v, 4) for v in response.params],
        "fsrs_items": response.fsrs_items,
        "wall_s": round(wall_end - wall, 3),
        "cpu_s": round(cpu_end - cpu, 3),
    }


def evaluate(folder: str, sets: dict[str, list[float]]) -> dict[str, object]:
    """Anki's evaluator (the legacy "Evaluate": fixed parameters) per named parameter set."""
    collection = _open(folder)
    out: dict[str, object] = {}
    for name, params in sets.items():
        result = collection._backend.evaluate_params_legacy(
            params=params, search=PRESET_SEARCH, ignore_revlogs_before_ms=0
        )
        out[name] = {"log_loss": result.log_loss, "rmse_bins": result.rmse_bins}
    collection.close()
    return out


def _open(folder: str) -> Collection:
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Collection(str(Path(folder) / "collection.anki2"))


def main() -> None:
    """One action, as the command line says."""
    action, *rest = sys.argv[1:]
    if action == "import":
        package, folder = rest
        collection = _open(folder)
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(Path(package).resolve()),
                options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True),
            )
        )
        collection.close()
    elif action == "export":
        folder, out = rest
        collection = _open(folder)
        collection.export_anki_package(
            out_path=str(Path(out).resolve()),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
            ),
            limit=None,
        )
        collection.close()
    elif action == "count":
        (folder,) = rest
        collection = _open(folder)
        counts = {
            "notes": collection.note_count(),
            "cards": collection.card_count(),
            "reviews": collection.db.scalar("SELECT count() FROM revlog"),
        }
        collection.close()
        print(json.dumps(counts))
    elif action == "history":
        out, cards, reviews, seed = rest
        print(json.dumps(make_history(out, int(cards), int(reviews), int(seed))))
    elif action == "fit":
        (folder,) = rest
        print(json.dumps(fit(folder)))
    elif action == "evaluate":
        folder, sets = rest
        print(json.dumps(evaluate(folder, json.loads(Path(sets).read_text()))))
    else:
        raise SystemExit(f"unknown action {action!r}")


if __name__ == "__main__":
    main()
