"""cpu_seconds, which the benchmarks read per process, counts the time of descendants that have already exited;
machine_cpu_seconds, which they read for the whole machine, sees a spinning process as busy time."""

import os
import subprocess
import sys
import time

from sikerja_devstack.processes import cpu_seconds, machine_cpu_seconds


def spin(seconds: float, *, then_sleep: float = 0.0) -> list[str]:
    """A Python child that uses `seconds` of CPU, then (optionally) stays alive without using any."""
    return [sys.executable, "-c", f"import time\nend = time.process_time() + {seconds}\n"
            f"while time.process_time() < end:\n    pass\ntime.sleep({then_sleep})\n"]


def test_time_of_an_exited_child_is_counted_for_its_parent():
    me = {"benchmark": os.getpid()}
    before = cpu_seconds(me)["benchmark"]
    subprocess.run(spin(0.5), check=True)  # reaped here: its 0.5 s now belongs to this process
    # /proc counts in clock ticks, truncated, and the difference of two float sums can land a hair below a round
    # figure (1.9 - 1.5 < 0.4): the spin is 0.5 s so that a margin of 0.1 s covers both.
    assert cpu_seconds(me)["benchmark"] - before >= 0.4


def test_a_named_descendant_is_counted_for_itself():
    child = subprocess.Popen(spin(0.4, then_sleep=30))
    try:
        used = {}
        for _ in range(100):
            used = cpu_seconds({"benchmark": os.getpid(), "child": child.pid})
            if used["child"] >= 0.3:
                break
            time.sleep(0.05)
        assert used["child"] >= 0.3
    finally:
        child.kill()
        child.wait()


def test_the_machine_is_busy_while_a_child_spins():
    busy_before, elapsed_before = machine_cpu_seconds()
    subprocess.run(spin(0.5), check=True)
    busy_after, elapsed_after = machine_cpu_seconds()
    assert busy_after - busy_before >= 0.4  # the spin's 0.5 s, less a margin for tick truncation
    assert elapsed_after - elapsed_before >= busy_after - busy_before
