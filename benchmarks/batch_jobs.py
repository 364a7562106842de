"""Batch benchmark and acceptance run (issue 6; the batch line of issue 7).

    python benchmarks/batch_jobs.py            # everything, prints tables
    python benchmarks/batch_jobs.py --only throughput|failures|resume

It builds a manifest over the labelled cases in ``../shared/eval/`` (one state
per case: LK, PK, US, MY, XX, with the documents listed in each label file) and
measures, each run in a fresh output folder:

1. throughput: ``--jobs 1 --force`` vs ``--jobs 2 --force`` (speedup; target ≥ 1.7
   on a 2-core machine), then the same ``--jobs 2`` batch again, from its cache
   (ratio to the first run; target < 0.1);
2. failures: the eval states plus a corrupt PDF, an encrypted PDF and a
   zero-byte file, each in a state of its own: every good state's reports and
   the matrix are written, the three failures are listed with their reasons,
   and the exit code is non-zero;
3. resume: the batch is killed (SIGKILL) as soon as its first state is cached,
   then run again: the set completes, every output parses, no temporary file
   is left.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"


def eval_manifest(eval_dir: Path, extra: dict[str, list[Path]] | None = None) -> str:
    """A YAML manifest (list form, absolute paths) of the labelled cases, plus ``extra`` states."""
    import yaml

    entries = []
    for label in sorted((eval_dir / "labels").glob("*.yaml")):
        data = yaml.safe_load(label.read_text(encoding="utf-8"))
        case = data["case"]
        entries.append({"state": str(data["state"]), "name": f"{case}: {data.get('title', '')}"[:60],
                        "files": [str(eval_dir / "docs" / case / doc) for doc in data["documents"]]})
    for code, files in (extra or {}).items():
        entries.append({"state": code, "files": [str(f) for f in files]})
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True)


LAST_CPU = [0.0]
"""CPU seconds (user + system) used by the last gapcheck run, its workers and their Tesseract processes."""


def gapcheck(*args: str, timeout: float = 1800) -> tuple[int, float, str, str]:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "gapcheck", *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, wall, proc.stdout, proc.stderr


def _spin(n: int = 20_000_000) -> None:
    x = 0
    for i in range(n):
        x += i


def parallel_ceiling(jobs: int = 2) -> float:
    """The speedup this machine gives right now to ``jobs`` perfectly parallel CPU-bound processes.

    On a shared machine other processes take cores away; the batch cannot beat this.
    """
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    start = time.perf_counter()
    for _ in range(jobs):
        p = ctx.Process(target=_spin)
        p.start()
        p.join()
    serial = time.perf_counter() - start
    start = time.perf_counter()
    procs = [ctx.Process(target=_spin) for _ in range(jobs)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return serial / (time.perf_counter() - start)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    def numeric(c: str) -> bool:
        return c.replace(".", "", 1).rstrip("x").isdigit()

    lines = ["  ".join(c.rjust(w) if i and numeric(c) else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def check(condition: bool, what: str, failures: list[str]) -> str:
    if not condition:
        failures.append(what)
    return "ok" if condition else "FAIL"


# ----------------------------------------------------------------- throughput


def run_throughput(work: Path, manifest: Path, repeat: int, formats: str, failures: list[str]) -> None:
    rows = [["run", "wall s", "cpu s", "cores busy", "ok", "failed", "analysed", "cache hits", "load avg before"]]
    times: dict[str, list[float]] = {"jobs1": [], "jobs2": [], "cached": []}
    ceilings = [parallel_ceiling()]
    for r in range(repeat):
        for name, jobs in (("jobs1", "1"), ("jobs2", "2")):
            out = work / f"{name}-{r}"
            shutil.rmtree(out, ignore_errors=True)
            load = load_average()
            code, wall, _, err = gapcheck("batch", str(manifest), "--out", str(out), "--jobs", jobs, "--force",
                                          "--quiet", "--format", formats)
            s = summary(out) if (out / "summary.json").exists() else {"totals": {}}
            t = s["totals"]
            rows.append([f"--jobs {jobs} --force (#{r + 1})", f"{wall:.2f}", f"{LAST_CPU[0]:.2f}",
                         f"{LAST_CPU[0] / wall:.2f}", str(t.get("ok")), str(t.get("failed")),
                         str(t.get("analysed")), str(t.get("cache_hits")), load])
            times[name].append(wall)
            if code != 0:
                failures.append(f"{name} run exited {code}: {err.strip()[-500:]}")
        out = work / f"jobs2-{r}"
        load = load_average()
        code, wall, _, err = gapcheck("batch", str(manifest), "--out", str(out), "--jobs", "2", "--quiet",
                                      "--format", formats)
        t = summary(out)["totals"]
        rows.append([f"--jobs 2, cached re-run (#{r + 1})", f"{wall:.2f}", f"{LAST_CPU[0]:.2f}",
                     f"{LAST_CPU[0] / wall:.2f}", str(t["ok"]), str(t["failed"]), str(t["analysed"]),
                     str(t["cache_hits"]), load])
        times["cached"].append(wall)
        check(t["analysed"] == 0, "the cached re-run analysed something again", failures)
        ceilings.append(parallel_ceiling())
    print(table(rows))
    j1, j2, cached = (statistics.median(times[k]) for k in ("jobs1", "jobs2", "cached"))
    ceiling = statistics.median(ceilings)
    speedup = j1 / j2
    ratio = cached / j2
    print()
    print(table([
        ["figure", "value", "target", "verdict"],
        ["speedup --jobs 2 / --jobs 1 (median wall)", f"{speedup:.2f}x", ">= 1.70x",
         check(speedup >= 1.7, f"speedup {speedup:.2f} < 1.7", failures)],
        ["machine's own ceiling: 2 spinning processes vs 1 (median)", f"{ceiling:.2f}x", "~2.00x on an idle machine",
         "ok" if ceiling >= 1.85 else "busy machine"],
        ["cached re-run / first --jobs 2 run", f"{ratio:.3f}", "< 0.100", check(ratio < 0.1, f"cache ratio {ratio:.3f}", failures)],
    ]))


# ----------------------------------------------------------------- failures


def bad_inputs(folder: Path) -> dict[str, list[Path]]:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    folder.mkdir(parents=True, exist_ok=True)
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(os.urandom(4096))
    encrypted = folder / "encrypted.pdf"
    c = canvas.Canvas(str(encrypted), encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    c.drawString(72, 720, "1. Whoever recruits a person by force for the purpose of exploitation commits an offence.")
    c.save()
    empty = folder / "empty.pdf"
    empty.write_bytes(b"")
    return {"XA": [corrupt], "XB": [encrypted], "XC": [empty]}


def run_failures(work: Path, eval_dir: Path, formats: str, failures: list[str]) -> None:
    manifest = work / "with-bad-files.yaml"
    manifest.write_text(eval_manifest(eval_dir, bad_inputs(work / "bad")), encoding="utf-8")
    out = work / "with-bad-files"
    shutil.rmtree(out, ignore_errors=True)
    code, wall, stdout, stderr = gapcheck("batch", str(manifest), "--out", str(out), "--jobs", "2", "--format", formats)
    s = summary(out)
    rows = [["state", "status", "reports", "reason"]]
    for st in s["states"]:
        present = [fmt for fmt, rel in st["outputs"].items() if (out / rel).is_file()]
        rows.append([st["state"], st["status"], ",".join(present) or "-", st["reason"][:90]])
    print(table(rows))
    with open(out / "matrix.csv", newline="", encoding="utf-8") as f:
        matrix = list(csv.reader(f))
    index = (out / "index.html").read_text(encoding="utf-8")
    good = [st for st in s["states"] if not st["state"].startswith(("XA", "XB", "XC"))]
    bad = [st for st in s["states"] if st["state"] in ("XA", "XB", "XC")]
    print()
    print(table([
        ["check", "verdict"],
        [f"exit code {code} is non-zero", check(code == 2, f"exit code {code}", failures)],
        ["every good state ok, with all its reports",
         check(all(st["status"] == "ok" and all((out / r).is_file() for r in st["outputs"].values()) for st in good),
               "a good state failed", failures)],
        ["the three bad states failed, each with a reason",
         check(len(bad) == 3 and all(st["status"] == "failed" and st["reason"] for st in bad), "bad states", failures)],
        ["matrix.csv has a row per state",
         check(len(matrix) == len(s["states"]) + 1, "matrix rows", failures)],
        ["index.html lists the three failures",
         check(all(Path(st["files"][0]["file"]).name in index for st in bad) and "Failures (3)" in index,
               "index failures", failures)],
        ["each failure on stderr", check(all(f"state {st['state']} failed" in stderr for st in bad), "stderr", failures)],
    ]))
    print(f"\n(wall {wall:.1f} s; stderr:)\n" + "\n".join("  " + line for line in stderr.strip().splitlines()))


# ----------------------------------------------------------------- resume


def run_resume(work: Path, manifest: Path, formats: str, failures: list[str]) -> None:
    out = work / "resume"
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.Popen([sys.executable, "-m", "gapcheck", "batch", str(manifest), "--out", str(out),
                             "--jobs", "1", "--quiet", "--format", formats],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    reports = out / ".cache" / "reports"
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and proc.poll() is None:
        if reports.is_dir() and any(reports.glob("*.json")):
            break
        time.sleep(0.02)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    cached_at_kill = len(list(reports.glob("*.json"))) if reports.is_dir() else 0
    code, wall, _, stderr = gapcheck("batch", str(manifest), "--out", str(out), "--jobs", "2", "--quiet",
                                     "--format", formats)
    s = summary(out)
    parts = [str(p.relative_to(out)) for p in out.rglob("*.part")]
    parsed = True
    for st in s["states"]:
        for rel in st["outputs"].values():
            text = (out / rel).read_text(encoding="utf-8")
            if rel.endswith(".json"):
                json.loads(text)
            elif rel.endswith(".html"):
                parsed &= text.rstrip().endswith("</html>")
    print(table([
        ["check", "verdict"],
        [f"killed the first run after {cached_at_kill} state(s) were cached",
         check(killed and 0 < cached_at_kill < len(s["states"]), "kill timing", failures)],
        [f"re-run exit {code}, all {s['totals']['states']} states ok",
         check(code == 0 and s["totals"]["failed"] == 0, f"resume: {stderr.strip()[-300:]}", failures)],
        [f"re-run took {s['totals']['cache_hits']} state(s) from the cache",
         check(s["totals"]["cache_hits"] >= cached_at_kill, "resume cache hits", failures)],
        ["every output parses", check(parsed, "outputs parse", failures)],
        ["no temporary .part file left", check(not parts, f"parts left: {parts}", failures)],
    ]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the shared eval folder")
    parser.add_argument("--only", choices=("throughput", "failures", "resume"))
    parser.add_argument("--repeat", type=int, default=1, help="throughput runs per setting (median is used)")
    parser.add_argument("--format", default="html,json", help="report formats per state")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    if not (args.eval / "labels").is_dir():
        print(f"no eval set at {args.eval}", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="gapcheck-batch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    manifest = work / "eval.yaml"
    manifest.write_text(eval_manifest(args.eval), encoding="utf-8")
    print(f"gapcheck batch benchmark · {os.cpu_count()} cores · load average {load_average()} · manifest {manifest}")
    print("(other processes on the machine take cores from the runs: compare 'cores busy' with the core count)")
    failures: list[str] = []
    try:
        if args.only in (None, "throughput"):
            print("\n== throughput and cache ==")
            run_throughput(work, manifest, args.repeat, args.format, failures)
        if args.only in (None, "failures"):
            print("\n== eval + corrupt, encrypted and zero-byte files ==")
            run_failures(work, args.eval, args.format, failures)
        if args.only in (None, "resume"):
            print("\n== killed halfway, then resumed ==")
            run_resume(work, manifest, args.format, failures)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n" + ("all checks passed" if not failures else "FAILED: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
