"""Benchmark of the toolkit against pandoc on a report the size of a real one.

Run by hand from the repository root (see bench/README.md)::

    python bench/run.py [--runs 5] [--sizes 1,5] [--keep DIR] [--profile]

It generates a synthetic submission (bench/synth.py) with pseudo-translated catalogues
(bench/pseudo.py), times whole processes, and prints every figure with PASS/FAIL against
the targets. It is not a unit test: nothing fails except the printed verdicts.
"""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pseudo import catalogue_size, i18n_command_exists, make_catalogues  # noqa: E402
from synth import Generated, generate  # noqa: E402

LANGS = ["ru", "kk"]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Targets (at size 1, the size of the real report).
BUILD_EN_VS_PANDOC = 0.5
BUILD_EN_PEAK_MB = 150.0
BUILD_ALL_VS_PANDOC = 1.0
I18N_UPDATE_S = 0.5
CHECK_S = 0.3
HELP_S = 0.25
SCALING_SLACK = 1.1  # size N may take at most 1.1 × N times size 1


@dataclass
class Measure:
    """Timings of one command over several runs."""

    name: str
    size: int | None
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of each run
    peak_kb: list[int] = field(default_factory=list)
    error: str | None = None
    #: wall and CPU ratios to the pandoc run made right after each run (see bench_size)
    paired: list[tuple[float, float]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024


# --------------------------------------------------------------------------- running


def run_once(cmd: Sequence[str], cwd: Path) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, max RSS in KiB, exit code, stderr) of one child process.

    ``os.wait4`` gives the resource usage of exactly this child (its peak RSS is not
    mixed with earlier children's, as ``RUSAGE_CHILDREN`` would be); its CPU time includes
    the worker processes it waited for.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode, stderr


@dataclass
class Job:
    """One command to time, and what to do around each run of it."""

    measure: Measure
    cmd: Sequence[str]
    before: Callable[[], None] | None = None
    after: Callable[[], None] | None = None


def run_job(job: Job, cwd: Path) -> bool:
    """Run ``job`` once and record it; False (and the reason) if it failed."""
    if job.before:
        job.before()
    try:
        elapsed, cpu, peak, code, stderr = run_once(job.cmd, cwd)
    finally:
        if job.after:
            job.after()
    if code != 0:
        job.measure.error = f"exit {code}: {_reason(stderr)}"[:120]
        return False
    job.measure.times.append(elapsed)
    job.measure.cpu.append(cpu)
    job.measure.peak_kb.append(peak)
    return True


def measure(name: str, size: int | None, cmd: Sequence[str], runs: int, cwd: Path) -> Measure:
    """Run ``cmd`` ``runs`` times; the first failure makes the figure "n/a (reason)"."""
    job = Job(Measure(name, size), cmd)
    for _ in range(runs):
        if not run_job(job, cwd):
            break
    return job.measure


def measure_alternating(jobs: list[Job], baseline: Job | None, runs: int,
                        cwd: Path) -> None:
    """Run every job once per round, each followed by a run of ``baseline`` (toolkit,
    pandoc, toolkit, pandoc …), ``runs`` rounds: on a shared machine the load changes from
    minute to minute, so each run is compared with the pandoc run made right after it
    (``Measure.paired``) rather than with pandoc runs made minutes later. A job that fails
    is not run again."""
    for _ in range(runs):
        for job in jobs:
            if job.measure.error is not None or not run_job(job, cwd):
                continue
            if baseline is None or baseline.measure.error is not None:
                continue
            if run_job(baseline, cwd):
                base = baseline.measure
                job.measure.paired.append((job.measure.times[-1] / base.times[-1],
                                           job.measure.cpu[-1] / base.cpu[-1]))


def _reason(stderr: str) -> str:
    """The line of a failing command's stderr that says why (a traceback's last line)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "no message"
    return lines[-1] if "Traceback" in stderr else lines[0]


def toolkit_command() -> list[str]:
    """The console script beside this Python (the toolkit of this checkout), not another
    ``toolkit`` that PATH finds first."""
    beside = Path(sys.executable).with_name("toolkit")
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "toolkit.cli.main"]


def find_pandoc() -> tuple[str | None, str]:
    """The pandoc of the pypandoc-binary wheel, else pandoc on PATH; and its version."""
    path, origin = None, ""
    try:
        import pypandoc

        path, origin = pypandoc.get_pandoc_path(), "pypandoc-binary"
    except (ImportError, OSError):
        path, origin = shutil.which("pandoc"), "PATH (pypandoc-binary not installed)"
    if not path:
        return None, "not found: pip install -e '.[bench]'"
    done = subprocess.run([path, "--version"], capture_output=True, text=True)
    version = done.stdout.splitlines()[0] if done.stdout else "unknown version"
    return path, f"{version} from {origin}: {path}"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    try:
        version = metadata.version("shadow-report-toolkit")
    except metadata.PackageNotFoundError:
        version = "?"
    return (f"{model}, {os.cpu_count()} cores ({usable} usable); Python "
            f"{platform.python_version()} on {platform.platform()}; toolkit {version}; "
            f"{load()}")


def load() -> str:
    """The load average: other work on the machine skews every figure."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


# --------------------------------------------------------------------------- sanity


def count_footnotes(docx: Path) -> int:
    """Real footnotes (w:id ≥ 1; the separators have ids -1 and 0) in a DOCX."""
    with zipfile.ZipFile(docx) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return 0
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    return sum(1 for note in root.iter(f"{{{W_NS}}}footnote")
               if int(note.get(f"{{{W_NS}}}id", "0")) >= 1)


def sanity(gen: Generated, toolkit: list[str], work: Path) -> list[str]:
    """``toolkit check`` errors/warnings and the footnotes of the built DOCX."""
    lines = []
    done = subprocess.run([*toolkit, "check", str(gen.submission)], capture_output=True,
                          text=True, cwd=work)
    found = re.search(r"(\d+) errors?, (\d+) warnings?", done.stdout + done.stderr)
    if found:
        lines.append(f"toolkit check: exit {done.returncode}, {found[1]} errors, "
                     f"{found[2]} warnings")
    else:
        lines.append(f"toolkit check: exit {done.returncode} (no summary line)")
    if done.returncode != 0:
        shown = done.stderr.strip().splitlines()
        shown = shown[-6:] if "Traceback" in done.stderr else shown[:10]
        lines += ["  " + line for line in shown]
    out = gen.folder / "out-sanity"
    done = subprocess.run([*toolkit, "build", str(gen.submission), "--lang", "en", "--out",
                           str(out)], capture_output=True, text=True, cwd=work)
    docx = out / f"{gen.submission.name}-en.docx"
    if done.returncode == 0 and docx.exists():
        notes = count_footnotes(docx)
        expected = gen.stats.footnotes
        verdict = "OK" if notes == expected else "MISMATCH"
        lines.append(f"build en: {notes} footnotes in word/footnotes.xml "
                     f"(expected {expected}) {verdict}; {docx.stat().st_size / 1024:.0f} KiB")
    else:
        lines.append(f"build en failed: {_reason(done.stderr)}")
    return lines


def pandoc_sanity(gen: Generated, pandoc: str, work: Path) -> str:
    """Footnotes of pandoc's DOCX: the Markdown must hold the same notes as the YAML."""
    out = gen.folder / "out-sanity" / "pandoc.docx"
    done = subprocess.run([pandoc, str(gen.markdown), "-o", str(out)], capture_output=True,
                          text=True, cwd=work)
    if done.returncode != 0:
        return f"pandoc failed: {_reason(done.stderr)}"
    return f"pandoc: {count_footnotes(out)} footnotes in word/footnotes.xml"


# --------------------------------------------------------------------------- benchmark


def bench_size(gen: Generated, size: int, runs: int, toolkit: list[str], pandoc: str | None,
               i18n: bool, work: Path) -> list[Measure]:
    """Every timed command for one generated size."""
    root = str(gen.submission)
    out = gen.folder / "out"
    jobs = [
        Job(Measure("build --lang en", size),
            [*toolkit, "build", root, "--lang", "en", "--out", str(out / "en")]),
        Job(Measure("build --lang en,ru,kk", size),
            [*toolkit, "build", root, "--lang", "en", "--lang", "ru", "--lang", "kk",
             "--out", str(out / "all")]),
        Job(Measure("toolkit check", size), [*toolkit, "check", root]),
    ]
    if i18n:
        jobs.append(_i18n_job(gen, size, toolkit))
    missing = [] if i18n else [Measure("i18n update --lang ru", size,
                                       error="command 'toolkit i18n update' does not exist yet")]
    baseline = None
    if pandoc:
        baseline = Job(Measure("pandoc report.md -o .docx", size),
                       [pandoc, str(gen.markdown), "-o", str(out / "pandoc.docx")])
    measure_alternating(jobs, baseline, runs, work)
    base = baseline.measure if baseline else Measure("pandoc report.md -o .docx", size,
                                                       error="pandoc not found")
    return [job.measure for job in jobs] + missing + [base]


def _i18n_job(gen: Generated, size: int, toolkit: list[str]) -> Job:
    """``i18n update --lang ru`` after 10 % of the paragraphs changed; restored each run."""
    sections = gen.submission / "sections"
    edited = sorted(gen.edited_sections.iterdir())
    originals = {p.name: (sections / p.name).read_bytes() for p in edited}
    catalogues = {p: p.read_bytes() for p in (gen.submission / "locales").glob("*.po")}

    def apply() -> None:
        for path in edited:
            (sections / path.name).write_bytes(path.read_bytes())

    def restore() -> None:
        for name, data in originals.items():
            (sections / name).write_bytes(data)
        for path, data in catalogues.items():
            path.write_bytes(data)

    return Job(Measure("i18n update --lang ru", size),
               [*toolkit, "i18n", "update", str(gen.submission), "--lang", "ru"],
               before=apply, after=restore)


# --------------------------------------------------------------------------- report


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f} s"


def print_figures(measures: list[Measure]) -> None:
    pandoc = {m.size: m for m in measures if m.name.startswith("pandoc") and m.ok}
    head = (f"{'size':>4}  {'command':<28} {'median':>9} {'min':>9} {'CPU':>9} {'peak RSS':>10} "
            f"{'÷ pandoc':>9} {'paired wall/CPU':>16}")
    print("median and min: wall seconds; CPU: median user + system seconds; ÷ pandoc: ratio "
          "of the medians;\npaired: median of the ratios to the pandoc run made right after "
          "each run (steadier on a shared machine)")
    print(head)
    print("-" * len(head))
    for m in measures:
        size = f"{m.size}×" if m.size else "-"
        if not m.ok:
            print(f"{size:>4}  {m.name:<28} n/a ({m.error})")
            continue
        ratio = paired = ""
        base = pandoc.get(m.size)
        if base and not m.name.startswith("pandoc"):
            ratio = f"{m.median / base.median:.2f}×"
        if m.paired:
            paired = (f"{statistics.median(w for w, _ in m.paired):.2f}× / "
                      f"{statistics.median(c for _, c in m.paired):.2f}×")
        print(f"{size:>4}  {m.name:<28} {_fmt(m.median):>9} {_fmt(m.best):>9} "
              f"{_fmt(m.median_cpu):>9} {m.peak_mb:>7.1f} MB {ratio:>9} {paired:>16}")


def print_targets(measures: list[Measure], sizes: list[int]) -> None:
    """Every target with its figure, the ratio to the limit, and PASS/FAIL."""
    by = {(m.name, m.size): m for m in measures}

    def get(name: str, size: int | None) -> Measure | None:
        found = by.get((name, size))
        return found if found and found.ok else None

    def why(name: str, size: int | None) -> str:
        found = by.get((name, size))
        if found is None:
            return "not measured"
        return found.error or "no runs"

    rows: list[tuple[str, str, str]] = []

    def row(label: str, value: float | None, limit: float, shown: str, missing: str) -> None:
        if value is None:
            rows.append((label, f"n/a ({missing})", "-"))
            return
        verdict = "PASS" if value <= limit else "FAIL"
        rows.append((label, f"{shown} ({value / limit:.2f} of limit)", verdict))

    help_m = get("toolkit --help", None)
    row(f"toolkit --help < {HELP_S} s", help_m.median if help_m else None, HELP_S,
        _fmt(help_m.median) if help_m else "", why("toolkit --help", None))
    if 1 in sizes:
        pandoc = get("pandoc report.md -o .docx", 1)
        for name, limit in (("build --lang en", BUILD_EN_VS_PANDOC),
                            ("build --lang en,ru,kk", BUILD_ALL_VS_PANDOC)):
            m = get(name, 1)
            value = m.median / pandoc.median if m and pandoc else None
            shown = f"{_fmt(m.median)} / {_fmt(pandoc.median)} = {value:.2f}×" \
                if m and pandoc and value is not None else ""
            if m and m.paired:  # the steadier figure: each run against the pandoc run after it
                value = statistics.median(w for w, _ in m.paired)
                shown = (f"paired wall {value:.2f}×, CPU "
                         f"{statistics.median(c for _, c in m.paired):.2f}×")
            missing = why(name, 1) if not m else why("pandoc report.md -o .docx", 1)
            row(f"{name} ≤ {limit} × pandoc (1×)", value, limit, shown, missing)
        m = get("build --lang en", 1)
        row(f"build --lang en peak ≤ {BUILD_EN_PEAK_MB:.0f} MB (1×)",
            m.peak_mb if m else None, BUILD_EN_PEAK_MB,
            f"{m.peak_mb:.1f} MB" if m else "", why("build --lang en", 1))
        for name, limit in (("i18n update --lang ru", I18N_UPDATE_S),
                            ("toolkit check", CHECK_S)):
            m = get(name, 1)
            row(f"{name} < {limit} s (1×)", m.median if m else None, limit,
                _fmt(m.median) if m else "", why(name, 1))
        for size in sizes:
            if size == 1:
                continue
            for name in ("build --lang en", "toolkit check"):
                small, big = get(name, 1), get(name, size)
                limit = SCALING_SLACK * size
                value = big.median / small.median if small and big else None
                shown = f"{_fmt(big.median)} / {_fmt(small.median)} = {value:.2f}×" \
                    if small and big and value is not None else ""
                row(f"{name} {size}× ≤ {limit:g} × 1×", value, limit, shown,
                    why(name, size) if not big else why(name, 1))
    else:
        rows.append(("targets at size 1", "n/a (size 1 not in --sizes)", "-"))
    width = max(len(r[0]) for r in rows)
    for label, shown, verdict in rows:
        print(f"  {verdict:<4}  {label:<{width}}  {shown}")


def profile(gen: Generated, python: str, work: Path) -> None:
    """``build --lang en`` under cProfile in a fresh interpreter (imports included).

    Prints the top 25 entries by cumulative time, then the same for the toolkit's own
    functions only (the wrappers of runpy, typer and click hide them otherwise), the
    time spent importing, and the top 15 by own time.
    """
    stats_file = gen.folder / "build-en.prof"
    cmd = [python, "-m", "cProfile", "-o", str(stats_file), "-m", "toolkit.cli.main", "build",
           str(gen.submission), "--lang", "en", "--out", str(gen.folder / "out-profile")]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=work)
    if done.returncode != 0 or not stats_file.exists():
        print(f"profile failed: {_reason(done.stderr)}")
        return
    stats = pstats.Stats(str(stats_file), stream=sys.stdout)
    raw = dict(getattr(stats, "stats", {}))  # (file, line, func) → (cc, nc, tt, ct, callers)
    imports = max((v[3] for k, v in raw.items() if k[2] == "_find_and_load"), default=0.0)
    own = [(v[3], v[2], v[1], k) for k, v in raw.items() if "/toolkit/" in k[0]]
    print(f"Total {getattr(stats, 'total_tt', 0.0):.3f} s under the profiler (slower than "
          f"without it); importing modules: {imports:.3f} s cumulative.")
    stats.strip_dirs().sort_stats("cumulative").print_stats(25)
    print("Toolkit functions by cumulative time:")
    for cum, tot, calls, (file, line, func) in sorted(own, reverse=True)[:25]:
        where = f"{file[file.rindex('/toolkit/') + 1:]}:{line}({func})"
        print(f"  {cum:8.3f} s cumulative {tot:8.3f} s own {calls:>8} calls  {where}")
    print("\nTop 15 by own time (tottime):")
    stats.sort_stats("tottime").print_stats(15)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--sizes", default="1,5",
                        help="size factors to generate, comma-separated (default 1,5)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate into DIR and keep it (default: a temporary folder)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile build --lang en (smallest size) with cProfile")
    parser.add_argument("--seed", type=int, default=2016, help="generator seed (default 2016)")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if args.runs < 1 or not sizes or min(sizes) < 1:
        parser.error("--runs and --sizes must be positive")

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return _run(args.keep.resolve(), sizes, args)
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        return _run(Path(tmp), sizes, args)


def _run(work: Path, sizes: list[int], args: argparse.Namespace) -> int:
    # Measure the toolkit as users run it: with Python's bytecode cache. Some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which makes every run recompile the package (~0.15 s).
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        print("note: PYTHONDONTWRITEBYTECODE was set; unset for the measured commands")
    toolkit = toolkit_command()
    pandoc, pandoc_info = find_pandoc()
    i18n = i18n_command_exists(toolkit)
    print(f"Machine: {machine()}")
    print(f"toolkit: {' '.join(toolkit)}")
    print(f"pandoc:  {pandoc_info}")
    print(f"Data:    {work}{'' if args.keep else ' (temporary)'}; {args.runs} runs each\n")

    measures = [measure("toolkit --help", None, [*toolkit, "--help"], args.runs, work)]
    generated: dict[int, Generated] = {}
    for size in sizes:
        folder = work / f"size-{size}"
        if folder.exists():
            shutil.rmtree(folder)
        started = time.perf_counter()
        gen = generated[size] = generate(size, folder, seed=args.seed)
        how = make_catalogues(gen.submission, LANGS, toolkit)
        s = gen.stats
        entries = ", ".join(f"{lang} {catalogue_size(gen.submission / 'locales' / f'{lang}.po')}"
                            for lang in LANGS)
        print(f"Size {size}×: {s.sections} sections, {s.paragraphs} paragraphs, "
              f"{s.recommendations} recommendations, {s.footnotes} footnotes ({s.notes} notes, "
              f"{s.citations} citations, {s.ibid} Ibid.), {s.refs} cross-references, "
              f"{s.sources} sources, {s.previous} earlier recommendations, {s.words:,} words; "
              f"{s.edited} paragraphs edited for i18n update")
        print(f"  catalogues: {entries} entries, made by {how}; report.md "
              f"{gen.markdown.stat().st_size / 1024:.0f} KiB; generated in "
              f"{time.perf_counter() - started:.1f} s")
        lines = sanity(gen, toolkit, work)
        if pandoc:
            lines.append(pandoc_sanity(gen, pandoc, work))
        for line in lines:
            print(f"  sanity: {line}")
        sys.stdout.flush()
        measures += bench_size(gen, size, args.runs, toolkit, pandoc, i18n, work)

    print()
    print_figures(measures)
    print("\nTargets (medians):")
    print_targets(measures, sizes)
    print(f"\nAt the end: {load()}")
    if args.profile:
        print(f"\nProfile of build --lang en at size {sizes[0]}×:")
        profile(generated[sizes[0]], sys.executable, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
