"""Notifications: who hears what, when, and on which channel."""
