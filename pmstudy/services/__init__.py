"""pmstudy.services."""
