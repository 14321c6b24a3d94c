"""note_text: what a note is judged by, cleaned of markup the reader never sees."""

from __future__ import annotations

import json

from pmstudy.domain.classify import PROVENANCE_FIELDS, judged_fields, note_text


def test_html_tags_and_entities_are_removed() -> None:
    text = note_text(["<div><b>Risk</b>&nbsp;register &amp; <i>owner</i></div>"], "D", [])
    assert text == "Risk register & owner D"


def test_cloze_markup_keeps_the_answer_and_the_hint() -> None:
    text = note_text(["The {{c1::critical path}} has {{c2::zero::how much}} float."], "D", [])
    assert text == "The critical path has zero how much float. D"


def test_media_references_are_removed() -> None:
    fields = ['Chart <img src="gantt.png"> here [sound:intro.mp3]', "<img src='x.jpg'>"]
    assert note_text(fields, "D", []) == "Chart here D"


def test_choice_options_keep_their_text_not_their_json() -> None:
    options = json.dumps([{"text": "Escalate", "correct": True, "why": "Out of tolerance"}])
    text = note_text(["Which?", options], "D", [])
    assert text == "Which? Escalate Out of tolerance D"
    assert "correct" not in text
    assert "true" not in text


def test_text_that_only_looks_like_json_is_kept_as_written() -> None:
    assert note_text(["[{not json"], "D", []) == "[{not json D"


def test_deck_words_and_tags_are_added_but_exam_tags_are_not() -> None:
    tags = ["topic::risk-register", "exam::pmp-2026::process::t5", "approach::agile"]
    text = note_text(["Q"], "PMP::Cost_Mgmt/EVM", tags)
    assert text == "Q PMP Cost Mgmt EVM topic risk register approach agile"
    assert "t5" not in text
    assert "pmp 2026" not in text.lower()


def test_empty_fields_add_nothing() -> None:
    assert note_text(["", "  ", "<br>"], "Deck", []) == "Deck"


def test_judged_fields_leave_out_the_deck_files_provenance() -> None:
    fields = {"Front": "Q", "Back": "A", "Source": "S1 People t1", "Confidence": "likely"}
    assert judged_fields(fields) == ["Q", "A"]
    assert {"Source", "Confidence"} == PROVENANCE_FIELDS
