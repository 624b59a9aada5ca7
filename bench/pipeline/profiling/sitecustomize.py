"""Profiles a whole service process when the benchmark asks for it.

The benchmark puts this directory first on PYTHONPATH of the service processes it starts
with `--profile`; Python imports `sitecustomize` at start-up, before the service's code.
cProfile's own time per function is time spent running it, not awaiting, so the dump shows
where a process's CPU goes. Written at normal exit (the services exit cleanly on SIGTERM).
"""

import atexit
import cProfile
import os

_target = os.environ.get("TWOWAY_BENCH_PROFILE")
if _target:
    _profile = cProfile.Profile()

    def _dump() -> None:
        _profile.disable()
        _profile.dump_stats(f"{_target}.{os.getpid()}.prof")

    atexit.register(_dump)
    _profile.enable()
