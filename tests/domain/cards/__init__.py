"""Tests of pmstudy.domain.cards."""
