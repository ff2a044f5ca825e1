"""Fuzz every reader and extraction with Hypothesis; print a table of inputs tried and failures found.

    python fuzz/run.py [--seconds S] [--examples N] [--quick] [--targets html,feed] [--no-heavy]
                       [--seed K] [--out DIR] [--shared ../shared]

Each target (a reader, or extraction) runs in a worker process for S seconds or N inputs, whichever
comes first; a watchdog kills a worker whose current input runs past the hang limit and records that
input as a failure. The heavy cases (giant nesting, 50 MB lines, entity bombs, XXE, gzip bombs) each
run once in a fresh interpreter so their peak memory can be measured. Every failing input is saved
under --out (the smallest seen for each distinct failure) and printed. Exit status 1 on any failure.
See docs/hardening.md.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz import checks, corpus  # noqa: E402
from fuzz.checks import MEMORY_BUDGET_MB, Problem  # noqa: E402

ROUND = 40              # inputs per Hypothesis run; runs repeat with new seeds until time is up
HANG_FACTOR = 3         # a single input running this many times its budget is killed as a hang
SHRINK_SECONDS = 20     # at most this long shrinking one new failure to a smaller input

READER_TARGETS = {
    "text": "text_cases", "html": "html_cases", "feed": "feed_cases", "json": "json_cases",
    "jsonl": "jsonl_cases", "csv": "csv_cases", "warc": "warc_cases", "gzip": "gzip_cases",
    "sniff": "sniff_cases",
}
ALL_TARGETS = [*READER_TARGETS, "extract"]


@dataclass
class Found:
    target: str
    key: str
    detail: str
    where: str          # the saved input
    size: int
    preview: str
    count: int = 1


@dataclass
class Row:
    target: str
    inputs: int = 0
    failures: dict[str, Found] = field(default_factory=dict)
    slowest: float = 0.0
    peak_mb: float = 0.0
    note: str = ""


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_kb(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _vm_bytes() -> int:
    return _status_kb("VmSize") * 1024


def _rss_now_mb() -> float:
    """The resident set now (the baseline peak growth is measured from); the peak so far without /proc."""
    kb = _status_kb("VmRSS")
    return kb / 1024 if kb else _maxrss_mb()


def _reset_peak() -> None:
    """Start a new peak: Linux resets the high-water mark (VmHWM) to the current resident set."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    """The peak resident set since the last reset. VmHWM, not ru_maxrss: after exec ru_maxrss still
    counts the forked parent's resident set, so a fresh interpreter would report the runner's size."""
    kb = _status_kb("VmHWM")
    return kb / 1024 if kb else _maxrss_mb()


def _limit_memory(extra_gb: float = 4.0) -> None:
    """Cap the address space a little above what the process uses now, so a bomb that gets through
    fails with MemoryError in this process instead of exhausting the machine."""
    vm = _vm_bytes()
    if vm:
        limit = vm + int(extra_gb * (1 << 30))
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
        except (ValueError, OSError):
            pass


def _save(outdir: Path, target: str, key: str, name: str, data: bytes) -> str:
    folder = outdir / target
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(key.encode()).hexdigest()[:10]
    path = folder / f"{digest}-{name}"
    path.write_bytes(data)
    return str(path)


def _preview(data: bytes, n: int = 160) -> str:
    return repr(data[:n]) + ("..." if len(data) > n else "")


# ---------------------------------------------------------------------------------------------------
# worker (one per target, forked)

def _warm_up(target: str, workdir: Path) -> None:
    """Import and exercise the readers once, so that lazy imports are not charged to the first input."""
    if target == "extract":
        checks.check_extract("Venezuela accused Colombia of aggression on Tuesday.")
        return
    samples = [("w.html", corpus.html_page(corpus.SENTENCE * 3)), ("w.xml", corpus.rss_feed([corpus.SENTENCE])),
               ("w.jsonl", b'{"text": "x"}\n'), ("w.csv", b"id,text\n1,x\n"),
               ("w.warc", corpus.warc_record(corpus.html_page(corpus.SENTENCE * 3)))]
    for name, data in samples:
        checks.check_reader(workdir, name, data)


def _quiet_stderr() -> None:
    """warcio and lxml write warnings about broken records straight to stderr: silence them."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _worker(target: str, seconds: float, max_examples: int, seed: int, workdir: str, outdir: str,
            queue, counter, heartbeat) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed

    from fuzz import strategies

    workdir_p, outdir_p = Path(workdir), Path(outdir)
    _quiet_stderr()
    workdir_p.mkdir(parents=True, exist_ok=True)
    _warm_up(target, workdir_p)
    _limit_memory()
    deadline = time.monotonic() + seconds
    strategy = strategies.extract_texts() if target == "extract" else getattr(strategies, READER_TARGETS[target])()
    budget = checks.EXTRACT_BUDGET_S if target == "extract" else checks.READER_BUDGET_S
    best: dict[str, int] = {}          # failure key -> size of the smallest input saved for it
    done: set[str] = set()             # keys already shrunk
    state = {"shrinking": None, "until": 0.0}

    class FuzzFailure(Exception):
        pass

    def run_case(case):
        if target == "extract":
            data = case.encode("utf-8", "surrogatepass")
            checks.reset_case_dir(workdir_p).joinpath("text.txt").write_bytes(data)
            return checks.check_extract(case, budget), "text.txt", data
        return checks.check_reader(workdir_p, case.name, case.data, columns=case.columns), case.name, case.data

    def body(case):
        if time.monotonic() > deadline or counter.value >= max_examples:
            return
        with counter.get_lock():
            counter.value += 1
        _reset_peak()
        base_rss = _rss_now_mb()
        heartbeat.value = time.monotonic()
        try:
            outcome, name, data = run_case(case)
        except Exception as e:  # noqa: BLE001 - the check itself failed (writing the file, say)
            name, data = getattr(case, "name", "text.txt"), getattr(case, "data", str(case).encode("utf-8", "replace"))
            outcome = checks.Outcome([Problem("harness", f"{type(e).__name__}: {e}"[:300])], 0.0)
        heartbeat.value = 0.0
        growth = _peak_mb() - base_rss
        problems = list(outcome.problems)
        if growth > MEMORY_BUDGET_MB:
            problems.append(Problem("memory", f"peak RSS grew by {growth:.0f} MB, over {MEMORY_BUDGET_MB} MB"))
        queue.put(("stats", outcome.elapsed, growth))
        for p in problems:
            if p.key not in best or len(data) < best[p.key]:
                best[p.key] = len(data)
                where = _save(outdir_p, target, p.key, name, data)
                queue.put(("failure", p.key, p.detail, where, len(data), _preview(data)))
            else:
                queue.put(("again", p.key))
        if any(p.kind == "memory" for p in problems):
            queue.close()
            queue.join_thread()
            os._exit(3)  # the high-water mark is spent: start a fresh worker
        keys = {p.key for p in problems}
        if state["shrinking"] is None:
            new = sorted(k for k in keys if k not in done)
            if new:
                state["shrinking"], state["until"] = new[0], time.monotonic() + SHRINK_SECONDS
        if state["shrinking"] in keys and time.monotonic() < min(state["until"], deadline):
            raise FuzzFailure(state["shrinking"])

    rounds = 0
    while time.monotonic() < deadline and counter.value < max_examples:
        state["shrinking"] = None
        test = settings(max_examples=ROUND, deadline=None, database=None, derandomize=False,
                        suppress_health_check=list(HealthCheck), phases=(Phase.generate, Phase.shrink),
                        report_multiple_bugs=False, print_blob=False)(
            with_seed(seed * 100_003 + rounds)(given(strategy)(body)))
        try:
            test()
        except Exception:  # noqa: BLE001 - FuzzFailure after shrinking, or Hypothesis's Flaky: recorded above
            pass
        if state["shrinking"]:
            done.add(state["shrinking"])
        rounds += 1
    queue.put(("rounds", rounds))


def run_target(target: str, seconds: float, max_examples: int, seed: int, workdir: Path, outdir: Path) -> Row:
    row = Row(target)
    ctx = mp.get_context("fork")
    counter, heartbeat = ctx.Value("q", 0), ctx.Value("d", 0.0)
    budget = checks.EXTRACT_BUDGET_S if target == "extract" else checks.READER_BUDGET_S
    hang_after = budget * HANG_FACTOR
    end = time.monotonic() + seconds
    restarts = 0
    while True:
        remaining = end - time.monotonic()
        if remaining <= 0.5 or counter.value >= max_examples:
            break
        queue = ctx.Queue()
        proc = ctx.Process(target=_worker, args=(target, remaining, max_examples, seed + restarts * 7919,
                                                 str(workdir / target), str(outdir), queue, counter, heartbeat))
        proc.start()
        hung = False
        while proc.is_alive():
            _drain(queue, row, target, timeout=0.25)
            started = heartbeat.value
            if started and time.monotonic() - started > hang_after:
                hung = True
                proc.kill()
                break
        proc.join()
        _drain(queue, row, target, timeout=0.1)
        if hung:
            _record_hang(row, target, workdir / target / "case", outdir, hang_after)
            heartbeat.value = 0.0
        elif proc.exitcode not in (0, 3):
            row.note = f"worker exited with status {proc.exitcode}"
            _record(row, Found(target, f"worker-died: status {proc.exitcode}", f"exit status {proc.exitcode}",
                               "-", 0, ""))
        restarts += 1
    row.inputs = counter.value
    return row


def _drain(queue, row: Row, target: str, timeout: float) -> None:
    import queue as queue_mod

    try:
        message = queue.get(timeout=timeout)
    except (queue_mod.Empty, OSError, EOFError):
        return
    while True:
        kind = message[0]
        if kind == "stats":
            row.slowest = max(row.slowest, message[1])
            row.peak_mb = max(row.peak_mb, message[2])
        elif kind == "failure":
            _, key, detail, where, size, preview = message
            _record(row, Found(target, key, detail, where, size, preview))
        elif kind == "again" and message[1] in row.failures:
            row.failures[message[1]].count += 1
        try:
            message = queue.get_nowait()
        except (queue_mod.Empty, OSError, EOFError):
            return


def _record(row: Row, found: Found) -> None:
    old = row.failures.get(found.key)
    if old is None:
        row.failures[found.key] = found
    else:
        found.count = old.count + 1
        row.failures[found.key] = found if found.size <= old.size else old


def _record_hang(row: Row, target: str, case: Path, outdir: Path, limit: float) -> None:
    files = [p for p in sorted(case.glob("*")) if p.name != "zzzz-sentinel.txt"] if case.is_dir() else []
    data = files[0].read_bytes() if files else b""
    name = files[0].name if files else "unknown"
    problem = Problem("hang", f"one input ran over {limit:g} s and was killed")
    where = _save(outdir, target, problem.key, name, data)
    _record(row, Found(target, problem.key, problem.detail, where, len(data), _preview(data)))
    row.slowest = max(row.slowest, limit)


# ---------------------------------------------------------------------------------------------------
# heavy cases: built here, each read in a fresh interpreter

def run_heavy(cases, workdir: Path, outdir: Path) -> list[Row]:
    from fuzz import heavy

    rows = []
    for case in cases:
        index = heavy.CASES.index(case)
        folder = workdir / "heavy" / f"{index:02d}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        paths = case.build(folder)
        (folder / "zzzz-sentinel.txt").write_text(corpus.SENTINEL_TEXT, encoding="utf-8")
        row = Row(f"heavy: {case.name}", inputs=len(paths))
        limit = (checks.EXTRACT_BUDGET_S if case.extract else checks.READER_BUDGET_S) * HANG_FACTOR + 20
        cmd = [sys.executable, str(Path(__file__).resolve()), "--_heavy", str(index), str(folder)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=limit,
                                  env={**os.environ, "FLASHPOINT_SHARED": str(corpus.shared_dir())})
            line = (done.stdout.strip().splitlines() or ["{}"])[-1]
            result = json.loads(line) if line.startswith("{") else {}
            if not result:
                result = {"problems": [["worker-died", f"status {done.returncode}: {done.stderr.strip()[-300:]}"]],
                          "elapsed": 0, "peak_mb": 0}
        except subprocess.TimeoutExpired:
            result = {"problems": [["hang", f"ran over {limit:g} s and was killed"]], "elapsed": limit, "peak_mb": 0}
        row.slowest, row.peak_mb = result.get("elapsed", 0), result.get("peak_mb", 0)
        row.note = result.get("note", "")
        for kind, detail in result.get("problems", []):
            p = Problem(kind, detail)
            size = sum(x.stat().st_size for x in paths)
            _record(row, Found(row.target, p.key, detail, " ".join(str(x) for x in paths), size,
                               f"built by fuzz/heavy.py: {case.name}"))
        rows.append(row)
        _print_row(row)
        if not row.failures:
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def heavy_child(index: int, folder: str) -> None:
    """In a fresh interpreter: warm up, then read (or extract) the built input and measure."""
    from fuzz import heavy

    case = heavy.CASES[index]
    folder_p = Path(folder)
    sentinel = folder_p / "zzzz-sentinel.txt"
    paths = sorted(p for p in folder_p.iterdir() if p != sentinel)
    warm = Path(tempfile.mkdtemp(prefix="fp-warm-"))
    _warm_up("extract" if case.extract else "html", warm)
    shutil.rmtree(warm, ignore_errors=True)
    _limit_memory()
    _reset_peak()
    base = _rss_now_mb()
    if case.extract:
        text = paths[0].read_text(encoding="utf-8")
        outcome = checks.check_extract(text)
    else:
        from flashpoint.ingest import ReadOptions

        options = ReadOptions(max_bytes=case.max_bytes, columns=case.columns)
        outcome = checks.check_paths(paths, sentinel, options, checks.READER_BUDGET_S)
    growth = _peak_mb() - base
    problems = [[p.kind, p.detail] for p in outcome.problems]
    if growth > MEMORY_BUDGET_MB:
        problems.append(["memory", f"peak RSS grew by {growth:.0f} MB, over {MEMORY_BUDGET_MB} MB"])
    if outcome.articles < case.min_articles and not case.extract:
        problems.append(["lost-records", f"{outcome.articles} articles; the good records after the bad one "
                                         f"should give {case.min_articles}"])
    if case.refused:
        for path, got in outcome.per_input.items():
            if got["articles"] or not any(case.refused in r for r in got["reasons"]):
                problems.append(["not-refused", f"{Path(path).name}: {got['articles']} articles, skips "
                                                f"{got['reasons']!r:.200}; expected a skip saying {case.refused!r}"])
    note = f"{outcome.articles} articles, {outcome.skipped} skips"
    print(json.dumps({"problems": problems, "elapsed": round(outcome.elapsed, 2), "peak_mb": round(growth),
                      "note": note}))


# ---------------------------------------------------------------------------------------------------

_HEADER = f"{'target':<58} {'inputs':>8} {'failures':>8} {'slowest s':>9} {'peak MB':>8}"


def _print_row(row: Row) -> None:
    print(f"{row.target[:58]:<58} {row.inputs:>8} {len(row.failures):>8} {row.slowest:>9.2f} {row.peak_mb:>8.0f}"
          + (f"  {row.note}" if row.note and row.target.startswith("heavy") else ""), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=None, help="time per target (default 15, --quick 1.5)")
    parser.add_argument("--examples", type=int, default=1_000_000, help="at most this many inputs per target")
    parser.add_argument("--quick", action="store_true", help="about 30 s in all: short targets, a few heavy cases")
    parser.add_argument("--targets", default=",".join(ALL_TARGETS), help="comma-separated: " + ",".join(ALL_TARGETS))
    parser.add_argument("--no-heavy", action="store_true", help="skip the heavy cases")
    parser.add_argument("--heavy-only", action="store_true", help="run only the heavy cases")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="where failing inputs are saved (default: a temp folder)")
    parser.add_argument("--shared", default=None, help="the shared data folder (default ../shared)")
    parser.add_argument("--_heavy", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.shared:
        os.environ["FLASHPOINT_SHARED"] = str(Path(args.shared).resolve())
    if args._heavy:
        heavy_child(int(args._heavy[0]), args._heavy[1])
        return 0
    from fuzz import heavy

    seconds = args.seconds if args.seconds is not None else (1.5 if args.quick else 15.0)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - set(ALL_TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    outdir = Path(args.out or Path(tempfile.gettempdir()) / "flashpoint-fuzz-failures").resolve()
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    workdir = Path(tempfile.mkdtemp(prefix="flashpoint-fuzz-"))
    corpus.canary_path()
    if not corpus.seed_files("html"):
        print(f"note: no real inputs under {corpus.shared_dir() / 'inputs'}; fuzzing generated inputs only")

    # Import what every reader worker needs once, before forking, so each worker starts warm.
    import hypothesis  # noqa: F401

    import flashpoint.ingest.walk  # noqa: F401

    started = time.monotonic()
    print(_HEADER)
    rows: list[Row] = []
    if not args.heavy_only:
        for target in targets:
            row = run_target(target, seconds, args.examples, args.seed + zlib.crc32(target.encode()) % 10_000,
                             workdir, outdir)
            rows.append(row)
            _print_row(row)
    if not args.no_heavy:
        cases = [c for c in heavy.CASES if c.quick or not args.quick]
        rows += run_heavy(cases, workdir, outdir)
    shutil.rmtree(workdir, ignore_errors=True)

    failures = [f for row in rows for f in row.failures.values()]
    total = sum(r.inputs for r in rows)
    print(f"\n{total} inputs in {time.monotonic() - started:.0f} s; {len(failures)} distinct failures")
    for f in failures:
        print(f"\nFAIL {f.target}: {f.key}  (seen {f.count}x)\n  {f.detail[:400]}\n  input: {f.where} "
              f"({f.size:,} bytes)\n  {f.preview}")
    if not failures:
        shutil.rmtree(outdir, ignore_errors=True)
    else:
        print(f"\nfailing inputs saved under {outdir}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
