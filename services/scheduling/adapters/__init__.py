"""MongoDB implementations of the scheduling ports."""
