"""TUI tests: Pilot-driven flows and SVG snapshots."""
