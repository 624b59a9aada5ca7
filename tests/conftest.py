"""Session-wide real infrastructure: one Kafka broker and one SecantusDB for the whole run,
and one OpenID provider."""

from tests.identity_fixtures import identity_provider  # noqa: F401
from tests.infra_fixtures import kafka_server, mongo_server  # noqa: F401
