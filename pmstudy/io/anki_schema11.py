"""The schema-11 collection layout Anki reads from ``collection.anki21`` (and writes for
"Support older Anki versions"): tables, and the JSON shapes of note types, decks, presets."""

from __future__ import annotations

from typing import Any

DDL = """
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL,
  conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
  tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL,
  csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
  due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
  type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

CSS = (
    ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n"
    "    text-align: center;\n    color: black;\n    background-color: white;\n}\n"
)
CLOZE_CSS = CSS + ".cloze {\n    font-weight: bold;\n    color: blue;\n}\n"
LATEX_PRE = (
    "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
    "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n"
    "\\setlength{\\parindent}{0in}\n\\begin{document}\n"
)
LATEX_POST = "\\end{document}"

CONF: dict[str, Any] = {
    "creationOffset": 0,
    "activeDecks": [1],
    "dayLearnFirst": False,
    "newSpread": 0,
    "schedVer": 2,
    "sched2021": True,
    "nextPos": 1,
    "dueCounts": True,
    "sortBackwards": False,
    "timeLim": 0,
    "sortType": "noteFld",
    "addToCur": True,
    "curDeck": 1,
    "collapseTime": 1200,
    "estTimes": True,
}


def field_json(name: str, ord_: int) -> dict[str, Any]:
    """One note-type field."""
    return {
        "name": name,
        "ord": ord_,
        "sticky": False,
        "rtl": False,
        "font": "Arial",
        "size": 20,
        "description": "",
        "plainText": False,
        "collapsed": False,
        "excludeFromSearch": False,
        "tag": None,
        "preventDeletion": False,
    }


def template_json(name: str, ord_: int, question: str, answer: str) -> dict[str, Any]:
    """One card template."""
    return {
        "name": name,
        "ord": ord_,
        "qfmt": question,
        "afmt": answer,
        "bqfmt": "",
        "bafmt": "",
        "did": None,
        "bfont": "",
        "bsize": 0,
    }


PLAIN_MARK = "pmstudyPlainText"
"""A note type key of pmstudy's own: its notes were plain text, escaped as HTML for Anki (a
re-import makes them plain again: ``anki_notetypes.plain_again``). Anki keeps keys it does not
know."""


def model_json(
    model_id: int,
    name: str,
    *,
    cloze: bool,
    fields: list[str],
    templates: list[tuple[str, str]],
    mod: int,
    stock_kind: int = 0,
    plain: bool = False,
) -> dict[str, Any]:
    """A note type ("model"); ``plain``: of pmstudy notes in plain text (:data:`PLAIN_MARK`)."""
    mark = {PLAIN_MARK: True} if plain else {}
    return {
        "id": model_id,
        "name": name,
        "type": 1 if cloze else 0,
        "mod": mod,
        "usn": -1,
        "sortf": 0,
        "did": None,
        "tmpls": [
            template_json("Cloze" if cloze else f"Card {i + 1}", i, q, a)
            for i, (q, a) in enumerate(templates)
        ],
        "flds": [field_json(f, i) for i, f in enumerate(fields)],
        "css": CLOZE_CSS if cloze else CSS,
        "latexPre": LATEX_PRE,
        "latexPost": LATEX_POST,
        "latexsvg": False,
        "req": [[i, "any", [0]] for i in range(len(templates))],
        "originalStockKind": stock_kind,
        **mark,
    }


def deck_json(
    deck_id: int,
    name: str,
    conf_id: int,
    description: str,
    mod: int,
    desired_retention: float | None = None,
) -> dict[str, Any]:
    """A normal deck (its own desired retention in whole percent, as Anki's schema 11)."""
    return {
        "id": deck_id,
        "mod": mod,
        "name": name,
        "usn": -1,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": False,
        "browserCollapsed": False,
        "desc": description,
        "dyn": 0,
        "conf": conf_id,
        "extendNew": 0,
        "extendRev": 0,
        "reviewLimit": None,
        "newLimit": None,
        "reviewLimitToday": None,
        "newLimitToday": None,
        "desiredRetention": None if desired_retention is None else round(desired_retention * 100),
    }


def dconf_json(
    conf_id: int,
    name: str,
    *,
    new_per_day: int,
    reviews_per_day: int,
    learn_minutes: list[float],
    relearn_minutes: list[float],
    max_interval: int,
    leech_fails: int,
    leech_tag_only: bool,
    bury: bool,
    retention: float,
    params: list[float],
    mod: int,
) -> dict[str, Any]:
    """A deck options preset."""
    return {
        "id": conf_id,
        "mod": mod,
        "name": name,
        "usn": -1,
        "maxTaken": 60,
        "autoplay": True,
        "timer": 0,
        "replayq": True,
        "new": {
            "bury": bury,
            "delays": learn_minutes,
            "initialFactor": 2500,
            "ints": [1, 4, 0],
            "order": 1,
            "perDay": new_per_day,
        },
        "rev": {
            "bury": bury,
            "ease4": 1.3,
            "ivlFct": 1.0,
            "maxIvl": max_interval,
            "perDay": reviews_per_day,
            "hardFactor": 1.2,
        },
        "lapse": {
            "delays": relearn_minutes,
            "leechAction": 1 if leech_tag_only else 0,
            "leechFails": leech_fails,
            "minInt": 1,
            "mult": 0.0,
        },
        "dyn": False,
        "newMix": 0,
        "newPerDayMinimum": 0,
        "interdayLearningMix": 0,
        "reviewOrder": 0,
        "newSortOrder": 0,
        "newGatherPriority": 0,
        "buryInterdayLearning": False,
        "fsrsWeights": [],
        "fsrsParams5": [],
        "fsrsParams6": params,
        "desiredRetention": retention,
        "ignoreRevlogsBeforeDate": "",
        "easyDaysPercentages": [1.0] * 7,
        "stopTimerOnAnswer": False,
        "secondsToShowQuestion": 0.0,
        "secondsToShowAnswer": 0.0,
        "questionAction": 0,
        "answerAction": 0,
        "waitForAudio": True,
        "sm2Retention": 0.9,
        "weightSearch": "",
    }
