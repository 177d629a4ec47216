"""Where the CPU time of one ``build --lang en`` goes: imports, then each stage.

Generates the size-1 report (bench/synth.py), then runs the stages of an English build
in fresh Python processes (imports are measured cold, as a user's command meets them)
and prints the CPU seconds of each part, best of ``--runs``. The command line (typer)
is left out: the difference from a whole ``toolkit build`` process is its cost. It
prints figures only and never fails.

    python bench/parts.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

#: Runs in a fresh process; prints one JSON object of CPU seconds per part.
CHILD = r"""
import json, sys, time
from pathlib import Path
marks = [("Python start-up", time.process_time())]
import yaml, lxml.etree, babel.dates, jinja2.sandbox
marks.append(("PyYAML, lxml, Babel, Jinja2 imports", time.process_time()))
import docx
marks.append(("python-docx import", time.process_time()))
import pydantic
marks.append(("pydantic import", time.process_time()))
import typer
marks.append(("typer import", time.process_time()))
import toolkit.read.schema
marks.append(("input models (pydantic validators)", time.process_time()))
import toolkit.cli.main, toolkit.pipeline, toolkit.layout.build, toolkit.write.docx
import toolkit.transform.prepare, toolkit.check.words
marks.append(("the toolkit's own modules", time.process_time()))
from toolkit import pipeline
from toolkit.check.words import word_count
from toolkit.write.docx import DocxWriter
loaded = pipeline.load(Path(sys.argv[1]))
marks.append(("reading and every check", time.process_time()))
prepared = pipeline.prepare_language(loaded, "en")
marks.append(("preparing (copy, numbers, citations, references)", time.process_time()))
layout = pipeline.layout_language(loaded, prepared, "en")
marks.append(("layout, wording, typesetting", time.process_time()))
DocxWriter(layout, template=pipeline.reference_docx(loaded), word_lang="en-GB").render()
marks.append(("writing the DOCX", time.process_time()))
word_count(prepared.document, loaded.mechanism)
marks.append(("word count", time.process_time()))
parts, before = {}, 0.0
for name, at in marks:
    parts[name] = at - before
    before = at
print(json.dumps(parts))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    args = parser.parse_args(argv)
    repository = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        generate(1, folder)
        root = folder / "bench-ccpr-1x"
        runs = []
        for _ in range(max(1, args.runs)):
            done = subprocess.run([sys.executable, "-c", CHILD, str(root)], cwd=repository,
                                  capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    names = list(runs[0])
    best = {name: min(run[name] for run in runs) for name in names}
    width = max(len(name) for name in names)
    print(f"CPU seconds of one build --lang en, size 1, best of {len(runs)}:")
    for name in names:
        print(f"  {name.ljust(width)}  {best[name]:6.3f}")
    print(f"  {'total (best of each part)'.ljust(width)}  {sum(best.values()):6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
