"""``scripts/balance_keys.py`` moves each single-answer key to its turn's place and nothing else."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("balance_keys", ROOT / "scripts/balance_keys.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _item(number: int, texts: str) -> str:
    body = f'\n[[cards]]\nid = "q{number}"\ntype = "multiple_choice"\nstem = "Question {number}"\n'
    for n, text in enumerate(texts):
        right = "correct = true\n" if n == 0 else ""
        body += f'\n[[cards.options]]\ntext = "{text}"\n{right}why = "Because {text}."\n'
    return body


def test_keys_take_turns_and_only_the_order_changes() -> None:
    text = 'schema_version = 1\nid = "d"\nname = "D"\n' + "".join(
        _item(n, "abcd") for n in range(8)
    )
    text += '\n[[cards]]\nid = "plain"\nfront = "F"\nback = "B"\n'
    balanced = _script().balance(text)
    cards = tomllib.loads(balanced)["cards"]
    places = [next(i for i, o in enumerate(c["options"]) if o.get("correct")) for c in cards[:8]]
    assert places == [0, 1, 2, 3, 0, 1, 2, 3]
    # the distractors keep their order and every option keeps its reason
    assert [o["text"] for o in cards[2]["options"]] == ["b", "c", "a", "d"]
    assert cards[2]["options"][2]["why"] == "Because a."
    assert cards[8] == {"id": "plain", "front": "F", "back": "B"}
    assert _script().balance(balanced) == balanced
