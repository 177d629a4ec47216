"""How much a translation memory slows ``toolkit i18n update`` (issue 12: a memory of
10,000 entries may at most double the time of an update of the real-size report).

Run by hand from the repository root::

    python bench/memory.py [--runs 3] [--entries 10000] [--keep DIR] [--memory FILE]

It generates the size-1 synthetic report (bench/synth.py) and, from other seeds, a
pseudo-translated memory catalogue of ``--entries`` entries written from the same prose
templates (so many of its texts are near matches: the hard case for the index). Two
situations, each timed without and with ``--memory``:

* fresh: ``locales/ru.po`` does not exist yet: every entry is looked up in the memory;
* edited: a complete catalogue, 10 % of the paragraphs edited (bench/run.py's case).

Prints the figures and PASS/FAIL against the 2× target; never fails a build.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pseudo import make_catalogues  # noqa: E402
from run import Measure, measure, toolkit_command  # noqa: E402
from synth import generate  # noqa: E402

LIMIT = 2.0  # with memory / without


def build_memory(work: Path, entries: int, toolkit: list[str]) -> tuple[Path, int]:
    """A ru catalogue of ``entries`` reviewed translations from other synthetic reports."""
    from toolkit.i18n.po import PoFile, parse_po, write_po

    kept: list = []
    seed = 7
    while len(kept) < entries:
        gen = generate(4, work / f"memory-{seed}", seed=seed)
        make_catalogues(gen.submission, ["ru"], toolkit)
        po = parse_po((gen.submission / "locales" / "ru.po").read_bytes())
        kept += [e for e in po.active if e.msgstr and not e.fuzzy]
        seed += 1
    unique = list({e.key: e for e in reversed(kept)}.values())[::-1]  # one per unit id
    out = work / "memory-ru.po"
    out.write_text(write_po(PoFile(po.header, unique[:entries])), encoding="utf-8")
    return out, min(entries, len(unique))


def _pair(name: str, cmd: list[str], memory: Path, runs: int, work: Path,
          before: object, after: object) -> tuple[Measure, Measure]:
    plain = measure(name, 1, cmd, runs, work, before=before, after=after)  # type: ignore[arg-type]
    with_memory = measure(name + " --memory", 1, [*cmd, "--memory", str(memory)], runs, work,
                          before=before, after=after)  # type: ignore[arg-type]
    return plain, with_memory


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--memory", type=Path,
                        help="use this memory (PO or TMX) instead of generating one")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(work, args)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, args: argparse.Namespace) -> int:
    toolkit = toolkit_command()
    gen = generate(1, work / "report")
    make_catalogues(gen.submission, ["ru"], toolkit)
    if args.memory:
        memory, count = args.memory, args.entries
    else:
        memory, count = build_memory(work, args.entries, toolkit)
    print(f"report: size 1 ({gen.stats.paragraphs} paragraphs); memory: {count} entries")
    po = gen.submission / "locales" / "ru.po"
    complete = po.read_bytes()
    cmd = [*toolkit, "i18n", "update", str(gen.submission), "--lang", "ru"]

    def fresh() -> None:
        po.unlink(missing_ok=True)

    sections = gen.submission / "sections"
    edited = sorted(gen.edited_sections.iterdir())
    originals = {p.name: (sections / p.name).read_bytes() for p in edited}

    def edit() -> None:
        po.write_bytes(complete)
        for path in edited:
            (sections / path.name).write_bytes(path.read_bytes())

    def restore() -> None:
        for name, data in originals.items():
            (sections / name).write_bytes(data)
        po.write_bytes(complete)

    verdicts = []
    for label, before, after in (("fresh catalogue", fresh, restore),
                                 ("10 % edited", edit, restore)):
        plain, remembered = _pair(f"i18n update ({label})", cmd, memory, args.runs, work,
                                  before, after)
        for m in (plain, remembered):
            shown = (f"median {m.median:.2f} s, best {m.best:.2f} s" if m.ok
                     else f"n/a ({m.error})")
            print(f"  {m.name:<45} {shown}")
        if plain.ok and remembered.ok:
            ratio = remembered.median / plain.median
            verdict = "PASS" if ratio <= LIMIT else "FAIL"
            verdicts.append(verdict)
            print(f"  {'':<45} ×{ratio:.2f} with memory (target ≤ ×{LIMIT:g}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
