"""Issue 21, review and summary: toasts stand clear of the rating bar, a finished session offers
no card actions, and the summary gives the graded accuracy and right answers per exam domain."""

from __future__ import annotations

from textual.widgets._toast import Toast

from pmstudy.domain.model import Rating
from pmstudy.services.container import Services
from pmstudy.services.session_summary import SessionSummary, SummaryAnswer, domains_of
from pmstudy.services.source_titles import cited, sources_of
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.screens.summary import SummaryScreen, domain_names, summary_text
from pmstudy.tui.widgets.rating_bar import RatingBar
from tests.tui.support import open_deck, screen_text

SMALL = (80, 24)


async def test_toasts_do_not_cover_the_rating_bar(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        await pilot.press("space")
        review.notify("This card is a leech (forgotten often): tagged 'leech'.")
        await pilot.pause()
        toasts = list(review.query(Toast))
        assert toasts
        bar = review.query_one(RatingBar).region
        assert bar.height == 1
        for toast in toasts:
            assert not toast.region.overlaps(bar), (toast.region, bar)


async def test_a_finished_session_offers_no_card_actions(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SMALL) as pilot:
        review = await open_deck(pilot, "Sample::Typing")
        assert review.check_action("suspend", ()) is True
        await pilot.press("enter", "4")  # Easy: nothing left today
        assert review.session.current is None
        footer = " ".join(screen_text(app).splitlines()[-3:])
        for label in ("Edit", "Suspend", "Bury"):
            assert label not in footer
        assert "End" in footer
        for action in ("edit", "suspend", "bury"):
            assert review.check_action(action, ()) is False


async def test_summary_gives_accuracy_and_domains(mock_services: Services) -> None:
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=SMALL) as pilot:
        review = await open_deck(pilot, "Sample::Mock")
        for want_right in (True, False):
            attempt = review.attempt
            assert attempt is not None
            choices = attempt.face.rendered.choices
            pick = next(c.letter for c in choices if c.correct is want_right)
            await pilot.press(pick.lower(), "enter", "enter")  # pick, reveal, accept
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert "Accuracy    1 of 2 graded right (50%)" in shown
        assert "By exam domain" in shown
        # the exam profile's names (issue: "capm · fundamentals" was shown), whole at 80x24
        assert "CAPM (ECO 2023)" in shown
        assert "Project Management Fundamentals and Core Concepts" in shown
        assert "fundamentals " not in shown
        summary = app.screen.summary
        assert sum(t.answers for t in summary.by_domain.values()) == 2
        assert isinstance(review, ReviewScreen)


def _answer(rating: Rating, tags: tuple[str, ...], correct: bool | None) -> SummaryAnswer:
    return SummaryAnswer(rating, 1000, domains_of(tags), correct)


def test_summary_numbers_per_domain_and_undo(scrum_services: Services) -> None:
    summary = SessionSummary()
    summary.count(_answer(Rating.GOOD, ("exam::psm-1::framework::roles", "x"), True))
    summary.count(_answer(Rating.AGAIN, ("exam::psm-1::framework", "exam::csm::scrum"), False))
    summary.count(_answer(Rating.HARD, ("exam::psm-1::people-teams",), None))
    summary.count(_answer(Rating.AGAIN, ("exam::psm-1::about-the-exam",), None))
    assert (summary.graded.answers, summary.graded.right) == (2, 1)
    domains = summary.by_domain
    assert (domains[("psm-1", "framework")].answers, domains[("psm-1", "framework")].right) == (
        2,
        1,
    )
    assert domains[("csm", "scrum")].share == 0.0
    assert domains[("psm-1", "people-teams")].share == 1.0  # self-judged: not Again is right
    assert len(domains) == 3  # the about-the-exam tag names no domain
    names = domain_names(domains, scrum_services.exams.profile)
    text = summary_text(summary, "Scrum", names).plain
    assert "Accuracy    1 of 2 graded right (50%)" in text
    # the profiles' names, not their ids; the exam over its domains in the profile's order
    lines = text.splitlines()
    psm = lines.index("Professional Scrum Master I (PSM I)")
    assert lines[psm + 1].startswith("  Understanding and Applying the Scrum Framework   ")
    assert lines[psm + 2].startswith("  Developing People and Teams   ")
    assert "Certified ScrumMaster (CSM)" in lines
    assert "people-teams" not in text
    assert "psm-1" not in text
    # an id stands in for a name no profile knows
    assert "framework" in summary_text(summary, "Scrum").plain
    summary.forget()
    summary.forget()
    assert summary.answered == 2
    assert ("psm-1", "people-teams") not in summary.by_domain


def test_no_domain_or_graded_line_without_them() -> None:
    summary = SessionSummary()
    summary.count(_answer(Rating.GOOD, (), None))
    text = summary_text(summary, "x").plain
    assert "Accuracy" not in text
    assert "By exam domain" not in text


def test_source_codes_find_their_titles() -> None:
    titles = {"S1": "PMP Examination Content Outline, July 2026", "S9": "Nine", "S10": "Ten"}
    assert cited("S1; S9, S10 agree", titles) == (
        ("S1", "PMP Examination Content Outline, July 2026"),
        ("S9", "Nine"),
        ("S10", "Ten"),
    )
    assert cited("S10 §3 (S1 and S10 disagree)", titles)[0] == ("S10", "Ten")
    assert cited("no codes here", titles) == ()
    deck_id, table = sources_of(
        'id = "x"\nname = "X"\n\n[[sources]]\nkey = "S1"\ntitle = "One"\n\n[[cards]]\nid = "c"\n'
    )
    assert (deck_id, table) == ("x", {"S1": "One"})


async def test_review_shows_source_titles(scrum_services: Services) -> None:
    app = PmStudyApp(services=scrum_services)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_deck(pilot, "Scrum")
        await pilot.press("space")
        await pilot.pause()
        attempt = review.attempt
        assert attempt is not None
        face = attempt.face
        assert face.source
        assert face.cited  # every bundled Scrum card cites a source by key
        key, title = face.cited[0]
        shown = screen_text(app)
        assert f"Source: {face.source}" in shown
        assert key in shown
        assert title[:40] in shown
