"""Fixed wording from Jinja2 templates, rendered in a sandbox.

A coalition may adapt ``templates/wording.j2`` (or put its own copy in the submission's
``templates/`` folder) without touching code, so templates are untrusted: they run in
Jinja2's sandbox, and user *values* are passed as data — text such as ``{{ x }}`` inside
a finding is never evaluated, it stays text.

The cover macro names the role of each of its lines by calling ``line`` (a Python callable
the toolkit passes in): ``{% call line("title") %}{{ m.title }}{% endcall %}``. The other
macros return one paragraph of text each.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from toolkit.i18n.messages import TEMPLATES_DIR, Translator
from toolkit.layout.blocks import COVER_ROLES
from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos

WORDING = "wording.j2"
_PRIVATE = re.compile(r"_+[A-Za-z]\w*")  # __class__, _secret … (a lone "_" is gettext)


def _environment(loader: jinja2.BaseLoader | None = None) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=loader,
        extensions=["jinja2.ext.i18n"],
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )


def _template_line(exc: BaseException, template: jinja2.Template | None,
                   filename: str | None) -> int:
    """The template line an error was raised at.

    Template code runs as Python compiled with the template's file name: with ``template``
    the frame's Python line is mapped back to the template line (a macro called directly);
    without, the traceback was already rewritten by Jinja and holds template lines.
    """
    line = getattr(exc, "lineno", None) or 0
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
            if template is not None:
                line = template.get_corresponding_lineno(line)
        tb = tb.tb_next
    return line


def _macro_names(ast: nodes.Template) -> list[str]:
    return [macro.name for macro in ast.find_all(nodes.Macro)]


OLD_COVER = ('the cover macro must name the role of each line: declare it as '
             '{% macro cover(m, line) %} and write each line as {% call line("meta") %}…'
             '{% endcall %} (roles: ' + ", ".join(COVER_ROLES) + f"; see the toolkit's "
             f"templates/{WORDING})")


def _macro_line(template: jinja2.Template, name: str) -> int:
    """The line a macro is declared on (0 if the source cannot be read)."""
    try:
        source = Path(template.filename or "").read_text(encoding="utf-8")
        ast = _environment().parse(source)
    except (OSError, jinja2.TemplateError, UnicodeDecodeError):
        return 0
    return next((m.lineno for m in ast.find_all(nodes.Macro) if m.name == name), 0)


def check_wording(source: str, display: str) -> list[tuple[SourcePos, str]]:
    """Problems of a submission's own wording template, found without running it.

    Syntax errors; any use of a name that starts with an underscore (``__class__``,
    ``__globals__`` …: the way out of a sandbox; the sandbox would stop it at build time
    too, this says so at ``toolkit check``); and macros the toolkit calls but the template
    lacks.
    """
    env = _environment()
    try:
        ast = env.parse(source, filename=display)
    except jinja2.TemplateSyntaxError as exc:
        return [(SourcePos(display, exc.lineno or 0), f"template error: {exc.message}")]
    problems: list[tuple[SourcePos, str]] = []
    private: dict[int, list[str]] = {}
    for node in ast.find_all((nodes.Getattr, nodes.Const, nodes.Name)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Name):
            name = node.name
        else:
            name = node.value if isinstance(node.value, str) else ""
        if _PRIVATE.fullmatch(name):
            found = private.setdefault(node.lineno, [])
            if name not in found:
                found.append(name)
    lines = source.splitlines()
    for lineno, names in sorted(private.items()):
        text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
        names.sort(key=lambda n: (text.find(n) if n in text else len(text)))
        shown = ", ".join(f"'{n}'" for n in names)
        problems.append((SourcePos(display, lineno),
                         f"a template may not use {shown}: names starting with '_' reach "
                         "Python internals; use only the values the toolkit passes (m.title …)"))
    for macro in ast.find_all(nodes.Macro):
        if macro.name == "cover" and len(macro.args) < 2:
            problems.append((SourcePos(display, macro.lineno), OLD_COVER))
    toolkit_ast = env.parse((TEMPLATES_DIR / WORDING).read_text(encoding="utf-8"))
    have = set(_macro_names(ast))
    missing = [name for name in _macro_names(toolkit_ast) if name not in have]
    if missing:
        problems.append((SourcePos(display),
                         f"the template lacks the macros {', '.join(missing)}: copy them from "
                         f"the toolkit's templates/{WORDING}"))
    return problems


class Wording:
    """The wording macros of one template file, bound to one language."""

    def __init__(self, t: Translator, submission_dir: Path | None = None):
        search = []
        if submission_dir is not None and (submission_dir / "templates" / WORDING).is_file():
            search.append(str(submission_dir / "templates"))
        search.append(str(TEMPLATES_DIR))
        env = _environment(jinja2.FileSystemLoader(search))
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=t._, ngettext=t.ngettext, newstyle=True
        )
        self.path = Path(search[0]) / WORDING
        try:
            template = env.get_template(WORDING)
            self.path = Path(template.filename or WORDING)
            self._template = template
            self._module = template.module
        except jinja2.TemplateSyntaxError as exc:
            raise UserError(
                f"template error: {exc.message}", SourcePos(exc.filename or WORDING, exc.lineno)
            ) from None
        except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError,
                ValueError, RecursionError) as exc:
            raise UserError(
                f"template error: {exc}",
                SourcePos(str(self.path), _template_line(exc, None, str(self.path))),
            ) from None

    def render(self, macro: str, values: dict[str, Any], *args: Any) -> str:
        """Call one macro; a broken or missing macro is the template author's error."""
        func = getattr(self._module, macro, None)
        if func is None:
            raise UserError(
                f"the template has no macro '{macro}': copy it from the toolkit's "
                f"templates/{WORDING}",
                SourcePos(str(self.path)),
            )
        try:
            return str(func(values, *args)).strip()
        except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError,
                RecursionError) as exc:
            # the sandbox raises SecurityError (a TemplateError) for unsafe attributes;
            # a template's own mistakes (1/0, a bad filter argument) are user errors too
            raise UserError(f"template error in macro '{macro}': {exc}",
                            SourcePos(str(self.path),
                                      _template_line(exc, self._template, str(self.path)))
                            ) from None

    def cover_lines(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """The cover page as ``(role, text)`` pairs, one per ``{% call line(role) %}``.

        The template *names* each line's role through the ``line`` callable: nothing the
        macro prints is read back to find lines, so a value holding a newline (or text
        that looks like a role) stays inside its own line. Whitespace inside a line
        collapses to single spaces.
        """
        found: list[tuple[str, str]] = []

        def line(role: str, caller: Any = None) -> str:
            if role not in COVER_ROLES:
                raise ValueError(f"unknown cover role {role!r}: use one of "
                                 f"{', '.join(COVER_ROLES)}")
            if caller is None:
                raise ValueError('write each cover line as {% call line("ROLE") %}…'
                                 "{% endcall %}")
            text = " ".join(str(caller()).split())
            if text:
                found.append((role, text))
            return ""

        func = getattr(self._module, "cover", None)
        if func is not None and len(getattr(func, "arguments", ())) < 2:
            raise UserError(OLD_COVER, SourcePos(str(self.path), _macro_line(self._template,
                                                                             "cover")))
        leftover = self.render("cover", values, line)
        if leftover and not found:
            raise UserError(OLD_COVER, SourcePos(str(self.path)))
        return found
