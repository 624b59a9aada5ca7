"""Seeded sample data shared by the demo (`cli/demo`), the benchmarks (`bench/`) and the tests:
realistic enterprise programs, the same for the same seed and size."""
