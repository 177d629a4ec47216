"""Start-up: importing the toolkit changes nothing process-wide, and each command imports
only what it needs (checked on the modules loaded, never on a clock)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EXAMPLE

HEAVY = ("pydantic", "yaml", "docx", "lxml", "babel", "openpyxl", "jinja2", "pycountry",
         "toolkit.pipeline", "toolkit.read", "toolkit.write", "toolkit.i18n", "translate")

PROBE = """
import json, os, sys
before = dict(os.environ)
from toolkit.cli.main import main
imported_env = dict(os.environ)
sys.argv = ["toolkit", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps({"import_changed_env": imported_env != before,
                  "plugins": os.environ.get("PYDANTIC_DISABLE_PLUGINS"),
                  "modules": sorted(sys.modules)}))
"""


def probe(*args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, timeout=300, env={"PATH": "/usr/bin:/bin"})
    return json.loads(result.stdout.splitlines()[-1])


def loaded(modules: list[str], prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in modules)


def test_help_imports_none_of_the_heavy_modules() -> None:
    state = probe("--help")
    assert not state["import_changed_env"]  # no import-time side effect
    assert [m for m in HEAVY if loaded(state["modules"], m)] == []


def test_usage_errors_are_caught_before_the_pipeline_loads() -> None:
    state = probe("build", str(EXAMPLE), "--lang", "fr")
    assert not loaded(state["modules"], "toolkit.pipeline")
    assert not loaded(state["modules"], "docx")


def test_check_disables_pydantic_plugins_and_skips_the_writers() -> None:
    state = probe("check", str(EXAMPLE))
    assert state["plugins"] == "__all__"
    assert loaded(state["modules"], "pydantic")
    assert not loaded(state["modules"], "toolkit.write")
    assert not loaded(state["modules"], "docx")
