"""Real local servers for development and tests: Kafka, SecantusDB (MongoDB API), Prometheus."""

from deploy.local.kafka import KafkaServer
from deploy.local.kafka_libs import ensure_kafka_libs
from deploy.local.mongo import MongoServer
from deploy.local.process import InfraError, ManagedProcess, free_port
from deploy.local.prometheus import PrometheusServer

__all__ = [
    "InfraError",
    "KafkaServer",
    "ManagedProcess",
    "MongoServer",
    "PrometheusServer",
    "ensure_kafka_libs",
    "free_port",
]
