"""``toolkit redline``: a draft with Word's tracked changes against an earlier draft.

Both revisions go through the whole pipeline to the layout tree (so the comparison is in
the build language, through each revision's own catalogues), the trees are merged by
:mod:`toolkit.layout.redline`, and the DOCX writer writes the merge as w:ins/w:del.
The earlier revision comes from git (``git archive``, a fixed argv, never a shell) or
from a folder. Every problem is a user error: one message, nothing written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.layout import blocks as lb
from toolkit.layout.redline import Who
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import Document, SourcePos
from toolkit.model.languages import catalogue_language

if TYPE_CHECKING:
    from toolkit.pipeline import Loaded

_GIT_TIMEOUT = 120  # seconds: git archive of a large repository on a slow disk


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise UserError("git is not installed: install it (apt-get install git), or compare "
                        "with a folder: --from-dir FOLDER", SourcePos(str(cwd)))
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run([git, *args], cwd=cwd, capture_output=True, env=env,
                              timeout=_GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UserError(f"git failed: {exc}", SourcePos(str(cwd))) from None


def _utc(date: str) -> str:
    """An ISO date from git (with its offset) as Word wants it: UTC, ending in Z."""
    moment = dt.datetime.fromisoformat(date.strip())
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class GitRepository:
    """The git repository that holds a submission folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()
        if not self.folder.is_dir():
            raise UserError("no such folder: give the submission folder",
                            SourcePos(str(folder)))
        found = _git(["rev-parse", "--show-toplevel"], self.folder)
        if found.returncode != 0:
            raise UserError("this folder is not in a git repository: --from names a git "
                            "revision (commit it first, or compare with a folder: "
                            "--from-dir FOLDER)", SourcePos(str(folder)))
        self.top = Path(found.stdout.decode("utf-8", "replace").strip()).resolve()
        self.path = self.folder.relative_to(self.top).as_posix()

    def commit(self, rev: str) -> str:
        """The commit id of ``rev``; a UserError if git knows no such commit."""
        if not rev or rev.startswith("-") or "\x00" in rev:
            raise UserError(f"'{rev}' is not a git revision: give a commit, branch or tag",
                            SourcePos(str(self.folder)))
        found = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], self.top)
        if found.returncode != 0:
            raise UserError(f"git knows no revision '{rev}' in {self.top}: give a commit, "
                            "branch or tag (git log lists them)", SourcePos(str(self.folder)))
        return found.stdout.decode().strip()

    def extract(self, commit: str, into: Path) -> Path:
        """The submission folder as of ``commit``, written under ``into``."""
        found = _git(["archive", "--format=tar", commit, "--", self.path or "."], self.top)
        if found.returncode != 0:
            raise UserError(f"{self.path or '.'} did not exist at revision {commit[:12]}: "
                            "give a later --from", SourcePos(str(self.folder)))
        try:
            with tarfile.open(fileobj=io.BytesIO(found.stdout)) as archive:
                archive.extractall(into, filter="data")  # no links out, no absolute paths
        except (tarfile.TarError, OSError) as exc:
            raise UserError(f"cannot read {self.path or '.'} at revision {commit[:12]}: {exc} "
                            "(a link out of the folder, or a name this system cannot hold)",
                            SourcePos(str(self.folder))) from None
        root = into / self.path if self.path else into
        if not (root / "submission.yaml").is_file():
            raise UserError(f"there was no submission.yaml in {self.path or '.'} at revision "
                            f"{commit[:12]}: give a later --from", SourcePos(str(self.folder)))
        return root

    def last_change(self, since: str, until: str) -> tuple[str, str] | None:
        """Author and date (UTC) of the last commit after ``since`` up to ``until`` that
        changed the submission, or None if none did."""
        found = _git(["log", "-1", "--format=%an%x00%aI", f"{since}..{until}", "--",
                      self.path or "."], self.top)
        text = found.stdout.decode("utf-8", "replace").strip()
        if found.returncode != 0 or "\x00" not in text:
            return None
        author, date = text.split("\x00", 1)
        return author, _utc(date)

    def file_changes(self, since: str, until: str) -> dict[str, tuple[str, str]]:
        """Each file of the submission (relative to it) changed after ``since`` up to
        ``until``: author and date (UTC) of the last commit that changed it."""
        found = _git(["-c", "core.quotePath=false", "log", "--format=%x01%an%x00%aI",
                      "--name-only", f"{since}..{until}", "--", self.path or "."], self.top)
        changes: dict[str, tuple[str, str]] = {}
        current: tuple[str, str] | None = None
        prefix = f"{self.path}/" if self.path else ""
        for line in found.stdout.decode("utf-8", "replace").splitlines():
            if line.startswith("\x01") and "\x00" in line:
                author, date = line[1:].split("\x00", 1)
                current = (author, _utc(date))
            elif line.strip() and current is not None and line.startswith(prefix):
                changes.setdefault(line[len(prefix):], current)
        return changes

    def user(self) -> str:
        """Who is making changes in the working tree (git config user.name)."""
        found = _git(["config", "user.name"], self.top)
        return found.stdout.decode("utf-8", "replace").strip() or "toolkit"


def redline_path(out_dir: Path, slug: str, lang: str) -> Path:
    return out_dir / f"{slug}-{lang}-redline.docx"


def block_files(layout: lb.LayoutDocument, document: Document, root: Path) -> dict[int, str]:
    """The file (relative to the submission) each block of ``layout`` came from, by the
    block's id(): its own paragraph's file, else its section's, else submission.yaml."""
    home = root.resolve()

    def relative(pos: SourcePos) -> str:  # positions are as messages show them
        for path in (Path(pos.file), root / pos.file):
            if path.resolve().is_relative_to(home):
                return path.resolve().relative_to(home).as_posix()
        return pos.file
    by_anchor = {s.anchor: relative(s.pos) for s in document.sections if s.anchor}
    by_key: dict[str, str] = {}
    for section in document.sections:
        by_key.update({f"para:{p.id}": relative(p.pos) for p in section.paragraphs if p.id})
        by_key.update({f"rec:{r.id}": relative(r.pos) for r in section.recommendations
                       if r.id})
        by_key.update({f"prev:{section.id}/{i}": relative(document.previous[i].pos)
                       for i in section.previous if i in document.previous})
    current = "submission.yaml"
    files: dict[int, str] = {}
    for block in layout.blocks:
        if isinstance(block, lb.Heading) and block.anchor in by_anchor:
            current = by_anchor[block.anchor]
        files[id(block)] = by_key.get(getattr(block, "key", None) or "", current)
    return files


def _layout(root: Path, lang: str | None, draft: bool, label: str, where: str | None = None
            ) -> tuple[Loaded, Document, lb.LayoutDocument]:
    """The loaded submission and its layout in ``lang`` (default: its first language).
    ``where`` names a revision read from git ("v1:sub"): its problems are shown there,
    not in the scratch folder it was read into."""
    from toolkit.pipeline import layout_language, load, prepare_language

    try:
        loaded = load(root)
        if loaded.diagnostics.errors or loaded.document is None:
            first = Diagnostics(list(loaded.diagnostics.errors))
            first.error(SourcePos(str(root)), f"the {label} revision has errors (above): fix "
                        "them there, or compare other revisions")
            raise UserError(first)
        lang = lang or loaded.document.meta.languages[0]
        prepared = prepare_language(loaded, lang, draft=draft)
        return loaded, prepared.document, layout_language(loaded, prepared, lang, draft=draft)
    except UserError as exc:
        if where is None:
            raise
        raise UserError(_relocated(exc.diagnostics, root, where)) from None


def _relocated(diagnostics: Diagnostics, root: Path, where: str) -> Diagnostics:
    """The diagnostics with files under ``root`` named ``where/relative path``."""
    home = root.resolve()
    out = Diagnostics()
    for diag in diagnostics.items:
        path = Path(diag.pos.file).resolve() if diag.pos.file else None
        pos = diag.pos
        if path is not None and path.is_relative_to(home):
            inside = path.relative_to(home).as_posix()
            pos = dataclasses.replace(pos, file=f"{where}/{inside}" if inside != "." else where)
        out.items.append(dataclasses.replace(diag, pos=pos))
    return out


def redline(folder: Path, *, from_rev: str | None = None, to_rev: str | None = None,
            from_dir: Path | None = None, lang: str | None = None,
            out_dir: Path | None = None, draft: bool = False,
            formats: tuple[str, ...] = ("docx",)) -> list[Path]:
    """Write ``<slug>-<lang>-redline.docx``: the submission as of ``to_rev`` (default: the
    working tree) with every change since ``from_rev`` (or the folder ``from_dir``) as
    Word tracked changes (``formats`` may add html: <ins>/<del>). Returns the paths."""
    from toolkit.fsutil import write_files
    from toolkit.layout.redline import redline as merge
    from toolkit.model.languages import word_language
    from toolkit.pipeline import reference_docx, refuse_overwriting_inputs
    from toolkit.write.docx import DocxWriter

    if (from_rev is None) == (from_dir is None):
        raise UserError("name the earlier draft: --from REVISION (git) or --from-dir FOLDER")
    folder = Path(folder)
    if to_rev is None and not (folder / "submission.yaml").is_file():
        raise UserError("no submission.yaml here: give the submission folder (the later "
                        "draft)", SourcePos(str(folder)))
    with tempfile.TemporaryDirectory(prefix="toolkit-redline-") as scratch:
        work = Path(scratch)
        repo = GitRepository(folder) if (from_rev is not None or to_rev is not None) else None
        if from_rev is not None:
            assert repo is not None
            old_commit = repo.commit(from_rev)
            old_root = repo.extract(old_commit, work / "from")
            old_where: str | None = f"{from_rev}:{repo.path or '.'}"
        else:
            assert from_dir is not None
            old_root = Path(from_dir)
            old_where = None
            if not (old_root / "submission.yaml").is_file():
                raise UserError("no submission.yaml in this folder: --from-dir names the "
                                "earlier draft's submission folder", SourcePos(str(from_dir)))
        if to_rev is not None:
            assert repo is not None
            new_commit = repo.commit(to_rev)
            new_root = repo.extract(new_commit, work / "to")
            new_where: str | None = f"{to_rev}:{repo.path or '.'}"
            change = repo.last_change(old_commit, new_commit) if from_rev is not None else None
            author, date = change or (repo.user(), _now())
            changes = repo.file_changes(old_commit, new_commit) if from_rev is not None else {}
        else:
            new_root = folder
            new_where = None
            author = repo.user() if repo is not None else _git_user(folder)
            date = _now()
            changes = {}
        new_loaded, new_doc, new_layout = _layout(new_root, lang, draft, "--to", new_where)
        language = new_layout.language
        _, old_doc, old_layout = _layout(old_root, language, draft, "--from", old_where)
        assert new_loaded.document is not None
        who = None
        if changes:
            catalogue = f"locales/{catalogue_language(language)}.po"
            who = _authors(changes, (author, date), catalogue,
                           block_files(old_layout, old_doc, old_root),
                           block_files(new_layout, new_doc, new_root))
        marked = merge(old_layout, new_layout,
                       inserted=lb.Revision("ins", author, date),
                       deleted=lb.Revision("del", author, date), who=who)
        target_dir = Path(out_dir) if out_dir is not None else folder / "build"
        path = redline_path(target_dir, new_loaded.document.meta.slug, language)
        outputs: list[tuple[Path, bytes]] = []
        for fmt in formats:
            if fmt == "html":
                from toolkit.write.html import HtmlWriter

                outputs.append((path.with_suffix(".html"), HtmlWriter(marked).render()))
            else:
                outputs.append((path, DocxWriter(marked, template=reference_docx(new_loaded),
                                                 word_lang=word_language(language)).render()))
        refuse_overwriting_inputs(folder, [p for p, _ in outputs],
                                  new_loaded.document.meta.reference_doc)
        write_files(outputs)
    return [p for p, _ in outputs]


def _authors(changes: dict[str, tuple[str, str]], default: tuple[str, str], catalogue: str,
             old_files: dict[int, str], new_files: dict[int, str]) -> Who:
    """Per pair of blocks: the author and date of the last commit that changed the file
    they came from, else the language's catalogue (a translation edited), else
    ``default``."""
    def who(old: lb.Block | None, new: lb.Block | None) -> tuple[lb.Revision, lb.Revision]:
        files = {old_files.get(id(old)), new_files.get(id(new))}
        found = [changes[name] for name in files if name in changes]
        if not found and catalogue in changes:  # the text is as it was: its translation
            found = [changes[catalogue]]
        author, date = max(found, key=lambda change: change[1]) if found else default
        return lb.Revision("ins", author, date), lb.Revision("del", author, date)
    return who


def _git_user(folder: Path) -> str:
    """The working tree's author when git is not needed: git's user.name, or "toolkit"."""
    if shutil.which("git") is None:
        return "toolkit"
    found = _git(["config", "user.name"], Path(folder))
    return found.stdout.decode("utf-8", "replace").strip() or "toolkit"
