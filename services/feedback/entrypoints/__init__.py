"""How the outside reaches the feedback service: Kafka subscribers and the HTTP API."""
