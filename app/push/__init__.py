"""Web push: opt-in announcements and guide updates in the subscriber's language."""
