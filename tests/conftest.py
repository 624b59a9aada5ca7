"""Session-wide real infrastructure: one Kafka broker and one SecantusDB for the whole run."""

from tests.infra_fixtures import kafka_server, mongo_server  # noqa: F401
