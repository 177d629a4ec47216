"""Fixed wording from Jinja2 templates, rendered in a sandbox.

A coalition may adapt ``templates/wording.j2`` (or put its own copy in the submission's
``templates/`` folder) without touching code, so templates are untrusted: they run in
Jinja2's sandbox, and user *values* are passed as data — text such as ``{{ x }}`` inside
a finding is never evaluated, it stays text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from toolkit.diagnostics import UserError
from toolkit.i18n import TEMPLATES_DIR, Translator
from toolkit.model import SourcePos

WORDING = "wording.j2"


class Wording:
    """The wording macros of one template file, bound to one language."""

    def __init__(self, t: Translator, submission_dir: Path | None = None):
        search = []
        if submission_dir is not None and (submission_dir / "templates" / WORDING).is_file():
            search.append(str(submission_dir / "templates"))
        search.append(str(TEMPLATES_DIR))
        env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(search),
            extensions=["jinja2.ext.i18n"],
            autoescape=False,
            undefined=jinja2.StrictUndefined,
        )
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=t._, ngettext=t.ngettext, newstyle=True
        )
        try:
            template = env.get_template(WORDING)
            self.path = Path(template.filename or WORDING)
            self._module = template.module
        except jinja2.TemplateSyntaxError as exc:
            raise UserError(
                f"template error: {exc.message}", SourcePos(exc.filename or WORDING, exc.lineno)
            ) from None
        except jinja2.TemplateError as exc:
            raise UserError(f"template error: {exc}", SourcePos(WORDING)) from None

    def render(self, macro: str, values: dict[str, Any]) -> str:
        """Call one macro; a broken or missing macro is the template author's error."""
        func = getattr(self._module, macro, None)
        if func is None:
            raise UserError(
                f"the template has no macro '{macro}': copy it from the toolkit's "
                f"templates/{WORDING}",
                SourcePos(str(self.path)),
            )
        try:
            return str(func(values)).strip()
        except jinja2.TemplateError as exc:
            raise UserError(f"template error in macro '{macro}': {exc}",
                            SourcePos(str(self.path))) from None

    def lines(self, macro: str, values: dict[str, Any]) -> list[tuple[str, str]]:
        """A macro whose lines read ``StyleId | text`` (the cover page)."""
        out = []
        for raw in self.render(macro, values).splitlines():
            if not raw.strip():
                continue
            style, sep, text = raw.partition("|")
            if not sep:
                style, text = "CoverMeta", raw
            out.append((style.strip(), text.strip()))
        return out
