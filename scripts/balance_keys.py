"""Spread the right options of a deck file's single-answer items over the positions A, B, C, D.

    python scripts/balance_keys.py decks/pmp.toml [more.toml ...]

The review screen shuffles options, but previews and Anki exports keep the file's order, and
``pmstudy deck lint`` judges how evenly the keys are placed (its ``position`` measure). This
moves each single-answer multiple-choice item's right option to the next place in turn (the
n-th such item of the file gets place n mod its option count), keeping the other options in
their order and every line of text as written. Two-option items (True/False) are left as they
are. Files are rewritten in place; nothing else in
them changes.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]\s*$")


def _blocks(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """The file cut at every ``[[...]]`` header: (header name or None for the preamble, lines)."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        match = HEADER.match(line)
        if match:
            blocks.append((match.group(1), [line]))
        else:
            blocks[-1][1].append(line)
    return blocks


def _is_key(block: list[str]) -> bool:
    return bool(tomllib.loads("".join(block[1:])).get("correct", False))


def _trimmed(block: list[str]) -> tuple[list[str], list[str]]:
    """A block's lines without its trailing blank lines, and those blank lines."""
    end = len(block)
    while end > 1 and not block[end - 1].strip():
        end -= 1
    return block[:end], block[end:]


def balance(text: str) -> str:
    """``text`` with every single-answer item's key moved to its turn's place."""
    blocks = _blocks(text.splitlines(keepends=True))
    out: list[str] = []
    turn = 0
    i = 0
    while i < len(blocks):
        name, lines = blocks[i]
        out.extend(lines)
        i += 1
        if name != "cards":
            continue
        j = i
        while j < len(blocks) and blocks[j][0] == "cards.options":
            j += 1
        options = [blocks[k][1] for k in range(i, j)]
        keys = [n for n, block in enumerate(options) if _is_key(block)]
        # two options are True/False (or Yes/No): they keep their natural order
        if len(keys) == 1 and len(options) >= 3:
            body = [_trimmed(block) for block in options]
            gaps = [gap for _, gap in body]
            ordered = [lines for lines, _ in body]
            key = ordered.pop(keys[0])
            ordered.insert(turn % len(options), key)
            turn += 1
            for block, gap in zip(ordered, gaps, strict=True):
                out.extend(block)
                out.extend(gap)
        else:
            for block in options:
                out.extend(block)
        i = j
    return "".join(out)


def _canonical(text: str) -> list[object]:
    """The file's cards with each card's options sorted: what balancing must not change."""
    cards = tomllib.loads(text).get("cards", [])
    return [
        dict(card, options=sorted(map(repr, card["options"]))) if "options" in card else card
        for card in cards
    ]


def main(paths: list[str]) -> None:
    """Rewrite each file in place (after checking that only options moved)."""
    for name in paths:
        path = Path(name)
        before = path.read_text(encoding="utf-8")
        after = balance(before)
        if _canonical(after) != _canonical(before):
            sys.exit(f"{path}: balancing would change more than the options' order; left as it was")
        path.write_text(after, encoding="utf-8")
        print(f"{path}: keys spread over the positions")


if __name__ == "__main__":
    main(sys.argv[1:])
