"""One way to make a HiGHS instance for every solver of the project (plain Python).

HiGHS keeps one thread pool per process and refuses to run a model whose `threads`
option differs from the pool's size: the run ends in an error and returns no solution.
Two solvers in one process (placement, twinning) that asked for different sizes would
break each other, so they all get their instances here, and the pool is rebuilt
whenever the size asked for changes.
"""

from __future__ import annotations

import highspy

_pool_threads: list[int] = []


def new_highs(*, time_limit: float, threads: int, seed: int = 0) -> highspy.Highs:
    """A silent HiGHS instance with a time limit, on a pool of `threads` threads."""
    if _pool_threads and _pool_threads[0] != threads:
        highspy.Highs.resetGlobalScheduler(True)
        _pool_threads.clear()
    if not _pool_threads:
        _pool_threads.append(threads)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(float(time_limit), 0.01))
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("random_seed", seed)
    return highs
