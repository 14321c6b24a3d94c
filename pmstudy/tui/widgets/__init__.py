"""pmstudy.tui.widgets."""
