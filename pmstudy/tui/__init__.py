"""pmstudy.tui."""
