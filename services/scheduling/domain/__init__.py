"""The pure core of scheduling: slot finding, session lifecycle, timers, invitations."""
