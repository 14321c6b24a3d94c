"""Tests of pmstudy.domain.search."""
