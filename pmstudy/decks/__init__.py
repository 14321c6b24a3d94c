"""pmstudy.decks."""
