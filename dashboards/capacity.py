"""How large a run this server can hold, so that one student cannot stall a shared server.

All browser sessions run their models inside the one dashboard server process. The
largest settings the sliders allow (500 communities of 5,000 participants) would need
about 15 GiB for one run, 30 in compare mode. Before a session builds its runs, it
reserves their estimated peak memory from the server-wide `MemoryBudget`: a share of the
memory that was available when the server started, shared by every session. A session's
reservation ends when its page closes (or when its classroom is garbage-collected).
"""

from __future__ import annotations

import functools
import os
import threading
import weakref
from pathlib import Path

from lcsim.params import Params

# Peak resident memory of one classroom run (`Classroom`, built and run to its end),
# measured with `python benchmarks/bench_dashboard.py --memory`: each size in a fresh
# process, VmHWM above the process after imports and a warm-up run. Eleven sizes, from 1
# community of 4,000 to 400 communities of 6, 24 and 96 contacts, 312 and 884 weeks
# (2 vCPU / 24 GiB machine, Python 3.12, numpy 2). A least-squares fit of the peaks
# gave 8.4 MiB per run + 2,017 B per community-week + 245 B per directed tie
# + 24.2 KB per participant of one community, within 8 % of every measurement.
# Rounded up here:
BYTES_PER_RUN = 9 * 2**20              # a fresh run's fixed part
BYTES_PER_COMMUNITY_WEEK = 2_100       # weekly indicators and events, kept for the charts
BYTES_PER_TIE = 250                    # per directed tie: state arrays and the tie graph
BYTES_PER_MEMBER_OF_LARGEST = 25_000   # one community's step temporaries and its layout
# Measured examples: 1 x 4,000 participants, 312 weeks: 120 MiB; 400 x 6: 259 MiB;
# 100 x 6 over 884 weeks: 170 MiB; 10 x 400: 44 MiB. Runs under about 300 participants
# peak at 1-8 MiB, so the fixed part makes the estimate err high for them, as a cap may.

SERVER_SHARE = 0.5  # of the memory available at server start, for all sessions' runs


def run_bytes(params: Params) -> int:
    """Estimated peak memory of one run with these settings, from build to its end, in bytes.

    A region has `n_communities` communities of `n_participants` each; a community of n
    has n * min(contacts_per_participant, n - 1) directed ties. A run lasts
    `params.total_weeks`; an intervention that grants follow-up funding lengthens it a
    little beyond the estimate.
    """
    communities = params.n_communities
    size = params.n_participants
    ties = communities * size * min(params.contacts_per_participant, size - 1)
    return int(BYTES_PER_RUN + BYTES_PER_COMMUNITY_WEEK * communities * params.total_weeks
               + BYTES_PER_TIE * ties + BYTES_PER_MEMBER_OF_LARGEST * size)


def available_memory() -> int:
    """Memory available to new processes on this machine now, in bytes.

    `MemAvailable` from /proc/meminfo (Linux); elsewhere the free physical pages.
    """
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def gib(nbytes: float) -> str:
    """Bytes for people: '64 MiB' below 1 GiB, then '1.5 GiB', '12 GiB'."""
    value = nbytes / 2**30
    if value < 1:
        return f"{nbytes / 2**20:.0f} MiB"
    return f"{value:.1f} GiB" if value < 10 else f"{value:.0f} GiB"


class TooLargeError(ValueError):
    """Runs that would not fit in the memory this server has left for them.

    Attributes:
        need: their estimated peak memory, bytes.
        free: what the server has left for them, bytes.
    """

    def __init__(self, message: str, need: int, free: int) -> None:
        super().__init__(message)
        self.need = need
        self.free = free


class MemoryBudget:
    """Memory that the runs of all sessions may hold together, in bytes.

    Each owner (a classroom) holds one reservation, which `reserve` replaces; a
    reservation ends with `release` or when the owner is garbage-collected. Thread-safe:
    sessions build runs from their own threads.
    """

    def __init__(self, total: int) -> None:
        self.total = int(total)
        self._held: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def _others(self, owner: object) -> int:
        return sum(n for o, n in self._held.items() if o is not owner)

    def free_for(self, owner: object) -> int:
        """Bytes `owner` may hold: the total less what every other owner holds."""
        with self._lock:
            return max(0, self.total - self._others(owner))

    def held(self, owner: object) -> int:
        """Bytes `owner` holds now (0 if none)."""
        with self._lock:
            return self._held.get(owner, 0)

    def reserve(self, owner: object, nbytes: int, force: bool = False) -> None:
        """Hold `nbytes` for `owner` instead of what it held before.

        Args:
            force: hold it even if it does not fit (to put back an earlier reservation).

        Raises:
            TooLargeError: `nbytes` is more than `free_for(owner)`; the old reservation stays.
        """
        with self._lock:
            free = max(0, self.total - self._others(owner))
            if nbytes > free and not force:
                raise TooLargeError(f"these runs would need about {gib(nbytes)} and this server "
                               f"has about {gib(free)} left for them", int(nbytes), free)
            self._held[owner] = int(nbytes)

    def release(self, owner: object) -> None:
        """End `owner`'s reservation (nothing happens if it holds none)."""
        with self._lock:
            self._held.pop(owner, None)


def reserve_runs(budget: MemoryBudget, owner: object, runs: list[Params]) -> None:
    """Reserve the memory of `runs` (A, and B in compare mode) for `owner`.

    Raises:
        TooLargeError: they do not fit; its message says how large they are, what they would
            need, what the server has left and how many participants would fit.
    """
    need = sum(run_bytes(p) for p in runs)
    try:
        budget.reserve(owner, need)
    except TooLargeError as err:
        a = runs[0]
        what = (f"a region of {a.n_communities:,} communities × {a.n_participants:,} "
                f"participants" if a.n_communities > 1
                else f"a community of {a.n_participants:,} participants")
        twice = ", twice (A and B)," if len(runs) > 1 else ""
        most = max_participants(a, len(runs), err.free)
        room = (f"at most {most:,} participants per community fit" if most
                else "not even the smallest community fits now; try again later")
        raise TooLargeError(f"{what}{twice} would need about {gib(need)} of memory; this server "
                       f"has about {gib(err.free)} left for this page, so {room}.",
                       need, err.free) from None


def limit_text(params: Params, runs: int, free: int) -> str:
    """One line for the page: how large a community this server can run now, in plain
    words (memory is the reason, not something a class needs to read about).

    Example: "This server can run communities of up to 1,650 members each (8,250 in all
    in a region of 5)."
    """
    most = max_participants(params, runs, free)
    size = (f"communities of up to {most:,} members each ({most * params.n_communities:,} "
            f"in all in a region of {params.n_communities:,})" if params.n_communities > 1
            else f"a community of up to {most:,} members")
    each = ", in each of A and B" if runs > 1 else ""
    return f"This server can run {size}{each}."


@functools.cache
def server_budget() -> MemoryBudget:
    """The one budget of this server process: SERVER_SHARE of the memory available when
    the first session asked for it (that is, at server start)."""
    return MemoryBudget(int(SERVER_SHARE * available_memory()))


def max_participants(params: Params, runs: int, free: int) -> int:
    """The most participants per community that fit in `free` bytes.

    Keeps every other setting (communities, contacts, run length); `runs` is 2 in compare
    mode. Returns 0 if not even the smallest community fits.
    """
    spec = Params.spec("n_participants")
    low, high = int(spec.low), int(spec.high)

    def fits(n: int) -> bool:
        return runs * run_bytes(params.replace(n_participants=n)) <= free

    if not fits(low):
        return 0
    while low < high:  # the estimate grows with n: bisect for the largest that fits
        mid = (low + high + 1) // 2
        low, high = (mid, high) if fits(mid) else (low, mid - 1)
    return low
