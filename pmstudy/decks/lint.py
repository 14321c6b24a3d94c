"""``pmstudy deck lint``: measured item quality of deck files against thresholds.

``deck check`` says whether a file is valid; lint says whether its items are good exam practice:
whether the right option gives itself away (the longest, always in one place, the only one that
echoes the stem), whether distractors are strawmen, whether explanations teach, whether prompts
repeat each other within and across decks, whether list cards are learnable, and how many exam
items each task of the deck's exams has. ``docs/content.md`` explains every measure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmstudy.decks.format import CardSpec, DeckFile
from pmstudy.decks.lint_text import (
    CIRCULAR,
    RATIONALE,
    STRAWMAN,
    answer_in_prompt,
    card_text,
    content_words,
    explanations,
    list_items,
    normalize,
)
from pmstudy.decks.loader import LineIndex, parse_model, read_text
from pmstudy.decks.profile_format import ExamProfileFile
from pmstudy.domain.exam import exam_tag
from pmstudy.domain.mock.draw import EXAM_ITEM_KINDS


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The limits a deck must meet; shares are of the items the measure applies to."""

    longest_key: float = 0.35
    """Single-answer items whose right option is the longest (guessing "longest" scores this)."""
    shortest_key: float = 0.35
    """...or the shortest: a writer who trims keys to avoid the first give-away makes this one."""
    key_length_ratio: float = 1.5
    """An item's key may be at most this many times the mean length of its other options..."""
    long_keys: float = 0.10
    """...in at most this share of the choice items."""
    position_max: float = 0.40
    """No option position (A, B, C, D of four-option items) may hold more keys than this share."""
    position_min_items: int = 20
    """Position balance is judged once a deck has this many four-option items."""
    rationale: float = 0.15
    """Single-answer items where only wrong options give a reason ("..., since ...")."""
    strawman: float = 0.05
    """Choice items with a distractor nobody would pick ("ignore it", "quietly ...")."""
    circular: int = 0
    """Items whose explanation restates a tag ("an enabler of task 3") instead of teaching."""
    echo: float = 0.05
    """Items whose prompt gives away the answer."""
    list_max: int = 6
    """A list answer longer than this is not learnable as one card."""
    long_lists: int = 0
    identical: int = 0
    """Prompts asked twice in one deck."""
    near_duplicate: float = 0.80
    """Two cards whose prompt and answer share this Jaccard share of their content words..."""
    near_within: int = 0
    """...may not both be in one deck..."""
    near_across: float = 1.0
    """...and at most this share of a deck's cards may have one in another deck."""
    min_per_task: int = 0
    """Exam items every task of the deck's exams must have (0: report only)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One card that breaks a rule."""

    line: int
    card_id: str
    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class Measure:
    """One measured figure of a deck and its limit."""

    rule: str
    value: float
    limit: float
    of: int
    passed: bool
    detail: str


@dataclass(slots=True)
class DeckLint:
    """Everything lint found in one deck file."""

    path: str
    deck_id: str
    cards: int
    by_type: dict[str, int]
    per_task: dict[str, int]
    measures: list[Measure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(m.passed for m in self.measures)


@dataclass(frozen=True, slots=True)
class LintInput:
    """A parsed deck file, its text's card lines, and the tasks of the exams it serves."""

    path: str
    deck: DeckFile
    lines: Sequence[int]
    tasks: Mapping[str, Sequence[str]]
    """Exam profile id -> its ``domain::task`` keys (domains without tasks: the domain id)."""


def _choice_items(deck: DeckFile) -> list[tuple[int, CardSpec]]:
    return [
        (n, c)
        for n, c in enumerate(deck.cards)
        if c.type in {"multiple_choice", "multiple_response"} and c.options
    ]


def _single(card: CardSpec) -> bool:
    return card.type == "multiple_choice" and sum(o.correct for o in card.options or ()) == 1


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def lint_decks(inputs: Sequence[LintInput], limits: Thresholds) -> list[DeckLint]:
    """Lint every deck; near-duplicates are looked for within each deck and across all."""
    near = _near_duplicates(inputs, limits.near_duplicate)
    return [_lint_one(i, number, near, limits) for number, i in enumerate(inputs)]


def _lint_one(
    item: LintInput,
    number: int,
    near: Mapping[tuple[int, int], list[tuple[int, int]]],
    limits: Thresholds,
) -> DeckLint:
    deck = item.deck
    report = DeckLint(
        path=item.path,
        deck_id=deck.id,
        cards=len(deck.cards),
        by_type=dict(Counter(c.type for c in deck.cards)),
        per_task=_per_task(deck, item.tasks),
    )

    def find(index: int, rule: str, message: str) -> None:
        card = deck.cards[index]
        report.findings.append(Finding(item.lines[index], card.id, rule, message))

    def measure(rule: str, count: int, of: int, limit: float, detail: str) -> None:
        value = float(count) if isinstance(limit, int) else _share(count, of)
        report.measures.append(Measure(rule, value, limit, of, value <= limit, detail))

    choice = _choice_items(deck)
    singles = [(n, c) for n, c in choice if _single(c) and len(c.options or ()) >= 3]
    longest = shortest = argued = 0
    long_keys = 0
    for n, card in choice:
        options = card.options or []
        keys = [len(o.text) for o in options if o.correct]
        others = [len(o.text) for o in options if not o.correct]
        if not keys or not others:
            continue
        if _single(card) and len(options) >= 3:
            longest += keys[0] > max(others)
            shortest += keys[0] < min(others)
            key = next(o.text for o in options if o.correct)
            wrong = [o.text for o in options if not o.correct]
            if not RATIONALE.search(key) and any(RATIONALE.search(t) for t in wrong):
                argued += 1
        ratio = (sum(keys) / len(keys)) / (sum(others) / len(others))
        if ratio >= limits.key_length_ratio:
            long_keys += 1
            find(n, "key-length", f"the right option is {ratio:.1f}× the others' mean length")
    measure(
        "longest-key",
        longest,
        len(singles),
        limits.longest_key,
        "single-answer items whose right option is the longest",
    )
    measure(
        "shortest-key",
        shortest,
        len(singles),
        limits.shortest_key,
        "single-answer items whose right option is the shortest",
    )
    measure(
        "rationale-cue",
        argued,
        len(singles),
        limits.rationale,
        'single-answer items where only wrong options give a reason ("since ...")',
    )
    measure(
        "key-length",
        long_keys,
        len(choice),
        limits.long_keys,
        f"choice items whose key is ≥ {limits.key_length_ratio}× the others' mean length",
    )
    report.measures.append(_position(deck, limits))

    straw = 0
    for n, card in choice:
        wrong = [o.text for o in card.options or () if not o.correct]
        hit = next((m for text in wrong if (m := STRAWMAN.search(text))), None)
        if hit is not None:
            straw += 1
            find(n, "strawman", f"a distractor nobody would pick: '{hit.group(0)}'")
    measure("strawman", straw, len(choice), limits.strawman, "choice items with a strawman option")

    circular = echo = long_lists = 0
    for n, card in enumerate(deck.cards):
        for text in explanations(card):
            if match := CIRCULAR.search(text):
                circular += 1
                find(n, "circular", f"explanation restates a tag: '{match.group(0)}'")
                break
        if (given := answer_in_prompt(card)) is not None:
            echo += 1
            find(n, "answer-in-prompt", given)
        size = _list_size(card)
        if size > limits.list_max:
            long_lists += 1
            find(n, "long-list", f"a list of {size} items (at most {limits.list_max})")
    measure("circular", circular, len(deck.cards), limits.circular, "explanations restating a tag")
    measure("answer-in-prompt", echo, len(deck.cards), limits.echo, "prompts giving their answer")
    measure("long-list", long_lists, len(deck.cards), limits.long_lists, "list answers too long")

    seen: dict[str, int] = {}
    identical = 0
    for n, card in enumerate(deck.cards):
        prompt = normalize(card_text(card).prompt)
        if prompt in seen:
            identical += 1
            find(n, "identical-prompt", f"same prompt as '{deck.cards[seen[prompt]].id}'")
        else:
            seen[prompt] = n
    measure("identical-prompt", identical, len(deck.cards), limits.identical, "prompts asked twice")

    within = across = 0
    for n in range(len(deck.cards)):
        twins = near.get((number, n), [])
        mine = [o for o in twins if o[0] == number]
        if any(o[1] > n for o in mine):
            within += 1
            twin = min(o[1] for o in mine if o[1] > n)
            find(twin, "near-duplicate", f"nearly the same card as '{deck.cards[n].id}'")
        if any(o[0] != number for o in twins):
            across += 1
    measure("near-duplicate", within, len(deck.cards), limits.near_within, "near-duplicate pairs")
    measure(
        "near-duplicate-across",
        across,
        len(deck.cards),
        limits.near_across,
        "cards with a near-duplicate in another linted deck",
    )
    if limits.min_per_task and report.per_task:
        thin = [t for t, count in report.per_task.items() if count < limits.min_per_task]
        report.measures.append(
            Measure(
                "per-task",
                float(min(report.per_task.values())),
                float(limits.min_per_task),
                len(report.per_task),
                not thin,
                f"exam items of the thinnest task, at least {limits.min_per_task} each"
                + (f" (short: {', '.join(thin)})" if thin else ""),
            )
        )
    report.findings.sort(key=lambda f: (f.line, f.rule))
    return report


def _position(deck: DeckFile, limits: Thresholds) -> Measure:
    """Where four-option single-answer items keep their right option."""
    places: Counter[int] = Counter()
    for card in deck.cards:
        options = card.options or []
        if _single(card) and len(options) == 4:
            places[next(i for i, o in enumerate(options) if o.correct)] += 1
    total = sum(places.values())
    worst = max(places.values(), default=0)
    shares = " ".join(f"{'ABCD'[i]} {_share(places[i], total):.0%}" for i in range(4))
    judged = total >= limits.position_min_items
    value = _share(worst, total)
    return Measure(
        "position",
        value,
        limits.position_max,
        total,
        value <= limits.position_max or not judged,
        f"most keys in one place among four-option items ({shares})"
        + ("" if judged else f"; not judged below {limits.position_min_items} items"),
    )


def _list_size(card: CardSpec) -> int:
    if card.type in {"basic", "reversed", "type_in"} and card.back:
        return list_items(card.back)
    return 0


def _per_task(deck: DeckFile, tasks: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Exam items per task (``profile::domain::task``) of every exam the deck serves."""
    counts = {f"{p}::{t}": 0 for p in deck.exams for t in tasks.get(p, ())}
    for card in deck.cards:
        if card.type not in EXAM_ITEM_KINDS:
            continue
        for tag in card.tags:
            parts = exam_tag(tag)
            if parts is None:
                continue
            key = f"{parts[0]}::{parts[1]}" + (f"::{parts[2]}" if parts[2] else "")
            if key in counts:
                counts[key] += 1
    return counts


def _near_duplicates(
    inputs: Sequence[LintInput], cutoff: float
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Pairs of cards (deck number, card number) whose prompt and answer share at least
    ``cutoff`` of their content words (Jaccard), found through the rarer words they share.

    Exam items are compared with exam items and recall cards with recall cards: a recall card
    and an exam item testing the same fact are a pair by design (learn it, then apply it)."""
    words: list[tuple[tuple[int, int], frozenset[str]]] = []
    item: list[bool] = []
    for d, given in enumerate(inputs):
        for n, card in enumerate(given.deck.cards):
            text = card_text(card)
            found = content_words(f"{text.prompt} {text.answer}")
            if len(found) >= 4:
                words.append(((d, n), found))
                item.append(card.type in EXAM_ITEM_KINDS)
    frequency: Counter[str] = Counter(w for _, ws in words for w in ws)
    index: dict[str, list[int]] = defaultdict(list)
    for number, (_, ws) in enumerate(words):
        # Two cards this alike share at least one of either's rarest words.
        for w in sorted(ws, key=lambda w: (frequency[w], w))[: _probe(len(ws), cutoff)]:
            index[w].append(number)
    near: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    checked: set[tuple[int, int]] = set()
    for bucket in index.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if (a, b) in checked or item[a] != item[b]:
                    continue
                checked.add((a, b))
                wa, wb = words[a][1], words[b][1]
                if len(wa & wb) / len(wa | wb) >= cutoff:
                    near[words[a][0]].append(words[b][0])
                    near[words[b][0]].append(words[a][0])
    return near


def _probe(size: int, cutoff: float) -> int:
    """How many of a set's rarest words two sets with Jaccard ≥ cutoff must share one of
    (prefix filtering: a set of ``size`` words may miss at most ``size·(1−cutoff)`` of the
    other's, so among its ``⌊size·(1−cutoff)⌋ + 1`` rarest words one is shared)."""
    return int(size * (1 - cutoff)) + 1


def lint_files(
    paths: Sequence[Path], profiles: Mapping[str, ExamProfileFile], limits: Thresholds
) -> list[DeckLint]:
    """Read and lint deck files (raises DeckFileError when one is not a valid deck file)."""
    tasks = {
        p.id: [f"{d.id}::{t.id}" for d in p.domains for t in d.tasks]
        + [d.id for d in p.domains if not d.tasks]
        for p in profiles.values()
    }
    inputs = []
    for path in paths:
        text = read_text(path)
        deck = parse_model(text, str(path), DeckFile)
        index = LineIndex(text)
        lines = [index.card_line(n) for n in range(len(deck.cards))]
        inputs.append(LintInput(str(path), deck, lines, tasks))
    return lint_decks(inputs, limits)
