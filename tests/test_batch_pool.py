"""The batch worker pool: results, errors, crashes and timeouts, each isolated to its task.

The tasks are plain library functions (they must be importable in a spawned
worker): ``operator.add`` succeeds, ``resolve_state("QQ")`` raises a
GapcheckError, ``int("x")`` raises a bug-like ValueError, ``os._exit`` kills the
worker, ``time.sleep`` and a ``sleep`` child process hang.
"""

from __future__ import annotations

import operator
import os
import subprocess
import time
from pathlib import Path

import pytest

from gapcheck.batch.pool import Task, TaskDone, TaskFailed, WorkerPool
from gapcheck.states import resolve_state


def _run(tasks, jobs=2):
    results = {}
    with WorkerPool(jobs) as pool:
        for t in tasks:
            pool.submit(t)
        for event in pool.events():
            if isinstance(event, (TaskDone, TaskFailed)):
                assert event.id not in results, "each task reports once"
                results[event.id] = event
    return results, pool


def _processes_running(argv: list[str]) -> list[int]:
    wanted = "\0".join(argv).encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (proc / "cmdline").read_bytes().rstrip(b"\0") == wanted:
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def test_each_failure_stays_with_its_task_and_the_pool_goes_on():
    tasks = [
        Task("ok", operator.add, (2, 3)),
        Task("domain-error", resolve_state, ("QQ",)),
        Task("bug", int, ("x",)),
        Task("crash", os._exit, (7,)),
        Task("hang", time.sleep, (60,), timeout=1.0),
        Task("after", operator.mul, (6, 7)),
    ]
    start = time.monotonic()
    results, _ = _run(tasks)
    assert time.monotonic() - start < 20
    assert set(results) == {t.id for t in tasks}
    assert isinstance(results["ok"], TaskDone) and results["ok"].value == 5
    assert isinstance(results["after"], TaskDone) and results["after"].value == 42
    cases = [
        ("domain-error", "error", "unknown state code 'QQ'"),
        ("bug", "internal", "internal error: ValueError"),
        ("crash", "crash", "the worker process died (exit code 7)"),
        ("hang", "timeout", "timed out after 1 s"),
    ]
    for task_id, kind, text in cases:
        event = results[task_id]
        assert isinstance(event, TaskFailed), task_id
        assert event.kind == kind, task_id
        assert text in event.reason, (task_id, event.reason)
        assert "\n" not in event.reason


def test_a_timed_out_task_is_killed_with_its_child_processes():
    argv = ["sleep", "41.5"]
    results, _ = _run([Task("hung-child", subprocess.run, (argv,), timeout=1.0)], jobs=1)
    assert results["hung-child"].kind == "timeout"
    deadline = time.monotonic() + 5
    while _processes_running(argv) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_running(argv) == [], "the worker's child process outlived the timeout"


def test_lower_priority_runs_first_and_tasks_can_be_added_while_running():
    order = []
    with WorkerPool(1) as pool:
        pool.submit(Task("late", operator.add, (1, 1), priority=5))
        pool.submit(Task("early", operator.add, (2, 2), priority=1))
        for event in pool.events():
            if isinstance(event, TaskDone):
                order.append(event.id)
                if event.id == "early":
                    pool.submit(Task("follow-up", operator.add, (3, 3), priority=0))
    assert order == ["early", "follow-up", "late"]


def test_no_more_workers_than_tasks():
    results, pool = _run([Task("one", operator.add, (1, 1))], jobs=4)
    assert results["one"].value == 2
    assert pool.started_workers == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_workers_are_gone_after_the_pool_closes(jobs):
    with WorkerPool(jobs) as pool:
        for i in range(4):
            pool.submit(Task(i, operator.add, (i, i)))
        list(pool.events())
        pids = [w.process.pid for w in pool._workers]
    assert pids
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
