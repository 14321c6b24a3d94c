"""pmstudy.io."""
