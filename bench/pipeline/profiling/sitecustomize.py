"""Profiles a whole consumer process when the benchmark asks for it.

The benchmark puts this directory first on PYTHONPATH of the processes it starts with
`--profile`; Python imports `sitecustomize` at start-up, before any of the process's code.
cProfile's own time per function is time spent running it, not awaiting, so the dump shows
where a process's CPU goes. It is written at exit, including the SIGTERM that uvicorn
re-raises after its graceful shutdown.
"""

import atexit
import cProfile
import os
import signal

_target = os.environ.get("TWOWAY_BENCH_PROFILE")
if _target:
    _profile = cProfile.Profile()
    _written: list[bool] = []

    def _dump() -> None:
        if not _written:
            _written.append(True)
            _profile.disable()
            _profile.dump_stats(f"{_target}.{os.getpid()}.prof")

    def _on_term(signum: int, frame: object) -> None:
        _dump()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    atexit.register(_dump)
    signal.signal(signal.SIGTERM, _on_term)
    _profile.enable()
