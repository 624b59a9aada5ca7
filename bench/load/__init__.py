"""A steady load through the four services, with faults injected, and a reconciliation.

`python -m bench.load.faults --participants 3000` runs the full fault scenario on its own Kafka
and SecantusDB and prints the figures; `tests/reliability/test_faults.py` runs a small one.
"""
