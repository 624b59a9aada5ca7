"""Kafka subscribers and the HTTP API of the scheduling service."""
