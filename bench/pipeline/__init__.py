"""Pipeline benchmark: the four services as processes on real Kafka and SecantusDB.

`python -m bench.pipeline.run` measures each service's main subscriber against a bare aiokafka
consumer doing the same writes (`baseline.py`), latency percentiles at half the measured
maximum, and one against two instances in the same consumer group.
"""
