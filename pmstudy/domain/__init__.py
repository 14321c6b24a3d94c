"""pmstudy.domain."""
