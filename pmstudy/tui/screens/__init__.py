"""pmstudy.tui.screens."""
