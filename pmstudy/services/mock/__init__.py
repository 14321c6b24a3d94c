"""Mock exams and practice sets: offer, run (every change committed), score, history."""

from pmstudy.services.mock.results import ItemReview, MockResult, MockSummary
from pmstudy.services.mock.run import MockItem, MockRun
from pmstudy.services.mock.service import DomainStock, MockOffer, MockService, Unfinished

__all__ = [
    "DomainStock",
    "ItemReview",
    "MockItem",
    "MockOffer",
    "MockResult",
    "MockRun",
    "MockService",
    "MockSummary",
    "Unfinished",
]
