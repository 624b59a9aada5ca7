"""Handlers for events, HTTP commands and timers; they talk to storage through ports."""
