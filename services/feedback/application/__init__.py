"""Feedback handlers: plain classes taking an event or command plus the ports they need."""
