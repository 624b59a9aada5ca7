"""The scheduling service: whole session series, invitations, reminders and missed sessions."""
