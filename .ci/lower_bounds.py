"""Print a pip constraints file pinning every dependency of pyproject.toml to its lower bound.

Used by .ci/oldest: the oldest versions pyproject.toml allows must pass the tests, or the
declared bounds are a promise nobody checked. A dependency without a ``>=`` bound is an
error: its oldest allowed version would be anything at all.

Usage: python3 .ci/lower_bounds.py [--extra test] > constraints.txt
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)(;.*)?$")
LOWER = re.compile(r"(>=|==|~=)\s*([^,\s]+)")


def lower_bounds(requirements: list[str]) -> tuple[list[str], list[str]]:
    """``name==bound`` lines, and the requirements that declare no lower bound."""
    pins: list[str] = []
    unbounded: list[str] = []
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        bound = LOWER.search(match.group(3)) if match else None
        if match is None or bound is None:
            unbounded.append(requirement)
            continue
        pins.append(f"{match.group(1)}=={bound.group(2)}")
    return pins, unbounded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", action="append", default=[],
                        help="also pin this optional-dependency group (repeatable)")
    args = parser.parse_args()
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in args.extra:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    pins, unbounded = lower_bounds(requirements)
    if unbounded:
        for requirement in unbounded:
            print(f"pyproject.toml: dependency without a lower bound (>=): {requirement}",
                  file=sys.stderr)
        return 1
    print("\n".join(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main())
