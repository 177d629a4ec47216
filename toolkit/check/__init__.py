"""Checks: everything `toolkit check` reports, so that build and check never disagree."""
