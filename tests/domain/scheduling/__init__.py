"""Tests of pmstudy.domain.scheduling."""
