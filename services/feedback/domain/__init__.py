"""The pure core of the feedback service: request rules, pair health and insights."""
