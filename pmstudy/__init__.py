"""pmstudy: a terminal study planner and spaced-repetition trainer for PM certifications."""

__version__ = "0.1.0"
