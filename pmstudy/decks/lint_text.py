"""What ``deck lint`` reads in a card's text: its prompt and answer, the words that carry meaning,
and the wordings that give an item away (strawmen, circular explanations, the answer echoed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmstudy.decks.format import CardSpec
from pmstudy.domain.cards.text import CLOZE

# Distractors a candidate rules out without knowing anything: nobody would pick them.
STRAWMAN = re.compile(
    r"\b(?:ignor(?:e|es|ed|ing)|quietly|secretly|do(?:es)? nothing|refus(?:e|es|ing)"
    r"|fire (?:the|him|her|them)|punish\w*|threaten\w*|blam(?:e|es|ing)|hid(?:e|es|ing)"
    r"|cover(?:s|ing)? (?:it |them )?up|pretend\w*|lie (?:to|about)|yell\w*"
    r"|demand(?:s|ing)? that|insist(?:s|ing)? that|tell (?:them|him|her|the team) to"
    r"|find (?:new|other) jobs|wait and see|hop(?:e|es|ing) (?:that|the|it)"
    r"|without telling|behind (?:their|his|her|the team's) backs?)\b",
    re.IGNORECASE,
)

# Explanations that restate where a card is filed instead of teaching why.
CIRCULAR = re.compile(
    r"\b(?:enablers? (?:of|for|under)|is an enabler|(?:is |are )?(?:a |an )?part of (?:the )?task"
    r"|belongs? to the [\w\s-]{1,40} domain"
    r"|(?:falls|is listed|sits) under (?:task|the [\w\s-]{1,40} domain)|is (?:a )?task \d+)\b",
    re.IGNORECASE,
)

# A reason given inside an option ("..., since the sponsor asked"): when only wrong options
# argue for themselves, a candidate rules them out unread.
RATIONALE = re.compile(
    r"\b(?:since|because|as (?:this|it|the|they)|so that|given that|on the grounds that)\b", re.I
)

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NAME_WORDS = 5  # a longer comma-separated part is prose, not a list of names
_LIST_MARK = re.compile(r"^\s*(?:[-*•·]|\d+[.)]|[a-z][.)])\s+", re.IGNORECASE)

_STOP = """"a an the and or but of to in on at by for with from as is are was were be been being it
    its this that these those which what who whom whose when where why how than then there
    their they them he she his her we our you your i me my not no do does did done can could
    should would will shall may might must has have had having into onto over under about
    after before during so if also only most more less least very each every any some all both
    either neither such one two three four five project manager pm team"""
STOPWORDS = frozenset(_STOP.split())
# Roles and parties nearly every scenario names: an option naming them echoes nothing.
COMMON = frozenset(
    [
        "product",
        "owner",
        "scrum",
        "master",
        "sponsor",
        "stakeholder",
        "stakeholders",
        "developers",
        "developer",
        "customer",
        "customers",
        "client",
        "clients",
        "business",
        "key",
    ]
)


def normalize(text: str) -> str:
    """Lower case, words only, single spaces: the form prompts are compared in."""
    return " ".join(_WORD.findall(text.lower()))


def content_words(text: str) -> frozenset[str]:
    """The words that carry meaning (no stop words, no one-letter words)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOPWORDS)


def unclozed(text: str) -> str:
    """Cloze text as the learner finally reads it (answers in place of the markers)."""
    return CLOZE.sub(lambda m: m.group(2), text)


@dataclass(frozen=True, slots=True)
class CardText:
    """A card's prompt (what is asked) and answer (what is right), as plain text."""

    prompt: str
    answer: str


def card_text(card: CardSpec) -> CardText:
    """The prompt and the answer of any kind of card."""
    if card.type == "cloze":
        return CardText(unclozed(card.text or ""), card.extra or "")
    if card.type == "numeric":
        return CardText(card.question or "", f"{card.answer or ''} {card.unit or ''}".strip())
    if card.options is not None:
        right = " ".join(o.text for o in card.options if o.correct)
        return CardText(card.stem or "", right)
    if card.pairs is not None:
        return CardText(card.stem or "", " ".join(f"{p.left} {p.right}" for p in card.pairs))
    if card.steps is not None:
        return CardText(card.stem or "", " ".join(s.text for s in card.steps))
    return CardText(card.front or "", card.back or "")


def explanations(card: CardSpec) -> list[str]:
    """Every text that explains an answer: option and pair/step reasons, the extra, a back."""
    found = [card.extra or ""]
    found += [o.why for o in card.options or ()]
    found += [p.why or "" for p in card.pairs or ()]
    found += [s.why or "" for s in card.steps or ()]
    if card.type in {"basic", "reversed", "type_in"}:
        found.append(card.back or "")
    return [text for text in found if text]


def list_items(text: str) -> int:
    """How many items a list answer holds: marked lines, else lines, else ``;``-separated
    parts, else a run of short comma-separated names ("Integration, Scope, Schedule, ...")."""
    lines = [line for line in text.splitlines() if line.strip()]
    marked = sum(1 for line in lines if _LIST_MARK.match(line))
    if marked >= 2:
        return marked
    if len(lines) > 1:
        return len(lines)
    parts = [part for part in text.split(";") if part.strip()]
    if len(parts) > 1:
        return len(parts)
    names = [p for p in re.split(r",|\band\b", text.strip().rstrip(".")) if p.strip()]
    if len(names) >= 3 and all(len(name.split()) <= _NAME_WORDS for name in names):
        return len(names)
    return 1


def answer_in_prompt(card: CardSpec) -> str | None:
    """The answer a prompt gives away, if any: a short back inside its front, or a single-answer
    key that echoes a phrase of the stem which no other option repeats."""
    if card.type in {"basic", "type_in"} and card.front and card.back:
        back = normalize(card.back)
        if (
            0 < len(back.split()) <= 8
            and len(back) >= 3
            and f" {back} " in f" {normalize(card.front)} "
        ):
            return f"the front contains its answer '{card.back.strip()}'"
    if card.type != "multiple_choice" or not card.options or not card.stem:
        return None
    keys = [o for o in card.options if o.correct]
    if len(keys) != 1:
        return None
    stem = normalize(card.stem)
    key = normalize(keys[0].text)
    others = [normalize(o.text) for o in card.options if not o.correct]
    for phrase in _phrases(key):
        if f" {phrase} " in f" {stem} " and not any(f" {phrase} " in f" {o} " for o in others):
            return f"the key repeats '{phrase}' from the stem and no other option does"
    return None


def _phrases(text: str) -> list[str]:
    """Runs of two or more words of ``text`` that start and end on a content word, longest
    first; one word alone echoes too easily to count."""
    words = text.split()
    found = []
    for size in range(min(len(words), 6), 1, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if run[0] not in STOPWORDS and run[-1] not in STOPWORDS:
                content = [w for w in run if w not in STOPWORDS and w not in COMMON]
                if len(content) >= 2:
                    found.append(" ".join(run))
    return found
