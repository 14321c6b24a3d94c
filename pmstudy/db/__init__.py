"""pmstudy.db."""
