"""What the preview shows: the last good HTML edition of each language viewed, and the
problems of the latest attempt, re-rendered when the submission's files change.

The page served is the HTML edition itself (``toolkit.write.html``) with three additions
that exist only in the preview: the problems of ``check`` at the top (file:line), a
language switcher, and a small script that reloads the page when a new render is ready.
A failed render never replaces the last good one: the problems appear above it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from toolkit.model.diagnostics import Diagnostics, UserError

#: Files whose change means a new render (sections, catalogues, the reference document).
WATCHED_SUFFIXES = frozenset({".yaml", ".yml", ".po", ".docx"})

_RELOAD_SCRIPT = """<script>
(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/events?since=%(version)d");
  source.onmessage = function () { source.close(); location.reload(); };
})();
</script>"""

_PREVIEW_CSS = """<style>
.preview-bar { font-family: sans-serif; font-size: 0.9rem; background: #f2f2f2;
  border-bottom: 1px solid #767676; padding: 0.4rem 0.8rem; margin: -1.5rem -1rem 1rem; }
.preview-bar a { margin-right: 0.8rem; } .preview-bar [aria-current] { font-weight: bold; }
.preview-problems { background: #fde8e8; border: 2px solid #a40000; color: #1a1a1a;
  padding: 0.5rem 1rem; margin: 0 0 1rem; font-family: monospace; font-size: 0.85rem; }
.preview-problems li { margin: 0.2rem 0; white-space: pre-wrap; }
</style>"""


@dataclass
class Render:
    html: bytes  # the HTML edition as built
    version: int


@dataclass
class PreviewState:
    """The submission's renders in memory; thread-safe, one rebuild at a time.

    Incremental: the submission stays loaded in a :class:`toolkit.pipeline.Session`, which
    re-reads only the files that changed and keeps what does not depend on the
    submission's text (the toolkit's wording, its translations); after a save only the
    language last viewed is rendered again, the others when they are next viewed.
    """

    root: Path
    languages: list[str] = field(default_factory=list)
    default_language: str = "en"
    problems: list[str] = field(default_factory=list)
    version: int = 0
    last_seconds: float = 0.0  # how long the last rebuild took
    _renders: dict[str, Render] = field(default_factory=dict)
    _stale: set[str] = field(default_factory=set)  # rendered before the last change
    _viewing: str | None = None  # the language last asked for
    _session: Any = None  # toolkit.pipeline.Session, made on the first rebuild
    _lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def rebuild(self, langs: set[str] | None = None, *, on_demand: bool = False) -> None:
        """Read what changed and render ``langs`` (default: the language last viewed).

        After a save (not ``on_demand``) every other language's render is out of date and
        the open pages are told to reload; a page asking for such a language renders it
        ``on_demand``, which tells nobody (else two pages in two languages would make each
        other reload for ever)."""
        from toolkit import pipeline

        started = time.perf_counter()
        with self._lock:
            if self._session is None:
                self._session = pipeline.Session(self.root)
            wanted = set(langs or ()) or {self._viewing or self.default_language}
            problems: list[str] = []
            renders: dict[str, bytes] = {}
            try:
                loaded = self._session.load()
                if loaded.document is not None:
                    self.languages = list(loaded.document.meta.languages)
                    if self.default_language not in self.languages:
                        self.default_language = self.languages[0]
                if loaded.diagnostics.errors or loaded.document is None:
                    raise UserError(loaded.diagnostics)
                for lang in sorted(wanted & set(self.languages)):
                    try:
                        renders[lang] = self._session.render_html(loaded, lang, draft=True)
                    except UserError as exc:
                        problems += [f"[{lang}] {d}" for d in exc.diagnostics.errors]
            except UserError as exc:
                problems += [str(d) for d in _errors(exc.diagnostics)]
            except Exception as exc:  # a half-saved file must not stop the preview
                problems.append(f"{self.root}: cannot render: {type(exc).__name__}: {exc}")
            if not on_demand:
                self.version += 1
                # the other languages' renders no longer show the files as saved
                self._stale = set(self._renders)
            self._stale -= set(renders)
            for lang, html in renders.items():
                self._renders[lang] = Render(html, self.version)
            self.problems = problems
            self.last_seconds = time.perf_counter() - started
        if not on_demand:
            with self.changed:
                self.changed.notify_all()

    def page(self, lang: str | None) -> bytes | None:
        """The page for ``lang`` (default: the first language); None if not one of the
        submission's languages."""
        lang = lang or self.default_language
        if self.languages and lang not in self.languages:
            return None
        self._viewing = lang
        if lang not in self._renders or lang in self._stale:
            self.rebuild({lang}, on_demand=True)
        with self._lock:
            render = self._renders.get(lang)
            problems = list(self.problems)
            version = self.version
            languages = list(self.languages)
        return _decorate(render.html if render else None, lang, languages, problems, version)

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until the version passes ``since`` (or ``timeout``); the version now."""
        with self.changed:
            self.changed.wait_for(lambda: self.version > since, timeout=timeout)
        return self.version


def _errors(diagnostics: Diagnostics) -> list[object]:
    return list(diagnostics.errors)


def _decorate(html: bytes | None, lang: str, languages: list[str], problems: list[str],
              version: int) -> bytes:
    """The edition with the preview's bar, problems and reload script put in."""
    current = ' aria-current="page"'
    links = "".join(
        f'<a href="/?lang={escape(code)}"{current if code == lang else ""}>'
        f"{escape(code)}</a>" for code in languages)
    bar = f'<nav class="preview-bar" aria-label="Preview language">{links}</nav>'
    if problems:
        items = "".join(f"<li>{escape(p)}</li>" for p in problems)
        bar += (f'<div class="preview-problems" role="alert"><ul>{items}</ul></div>')
    script = _RELOAD_SCRIPT % {"version": version}
    if html is None:
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f"<title>toolkit preview</title>{_PREVIEW_CSS}</head><body>{bar}"
                f"{script}</body></html>").encode()
    text = html.decode("utf-8")
    text = text.replace("</head>", _PREVIEW_CSS + "</head>", 1)
    body = text.index("<body")
    body_end = text.index(">", body) + 1
    text = text[:body_end] + bar + text[body_end:]
    text = text[: text.rindex("</body>")] + script + text[text.rindex("</body>"):]
    return text.encode("utf-8")
