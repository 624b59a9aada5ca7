"""MongoDB repositories and Prometheus metrics behind the feedback ports."""
