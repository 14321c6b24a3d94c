"""Tests of pmstudy.domain.exam."""
