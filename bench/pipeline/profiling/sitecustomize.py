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

_sampled = os.environ.get("TWOWAY_BENCH_SAMPLE")
if _sampled:
    # Every thread, every few milliseconds: for servers that work in threads (SecantusDB),
    # where cProfile only sees the main one. Counts each function once per sample it is
    # on the stack of a thread that is not idle in a wait.
    import collections
    import sys
    import threading
    import time
    import types

    _counts: collections.Counter[str] = collections.Counter()
    _samples = [0]
    _idle = ("wait", "select", "poll", "accept", "recv", "recv_into", "sleep", "_worker")

    def _sample() -> None:
        me = threading.get_ident()
        rounds = 0
        while True:
            time.sleep(0.005)
            rounds += 1
            if rounds % 2000 == 0:  # also now and then: a server may not exit through atexit
                _write()
            for ident, top in sys._current_frames().items():
                if ident == me or top.f_code.co_name in _idle:
                    continue
                _samples[0] += 1
                seen = set()
                frame: types.FrameType | None = top
                while frame is not None:
                    code = frame.f_code
                    key = f"{code.co_filename.rsplit('site-packages/', 1)[-1]}:{code.co_name}"
                    if key not in seen:
                        seen.add(key)
                        _counts[key] += 1
                    frame = frame.f_back

    def _write() -> None:
        with open(f"{_sampled}.{os.getpid()}.samples.txt", "w") as out:
            out.write(f"{_samples[0]} busy thread samples\n")
            for key, count in _counts.most_common(200):
                out.write(f"{count:8d} {100 * count / max(1, _samples[0]):5.1f}% {key}\n")

    atexit.register(_write)
    threading.Thread(target=_sample, daemon=True, name="bench-sampler").start()
