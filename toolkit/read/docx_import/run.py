"""One import: open, read the structure, name things, write; and the report of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from toolkit.i18n.messages import get_translator
from toolkit.model.mechanisms import Mechanism, load_mechanism
from toolkit.read.docx_import.output import count_notes, write_submission
from toolkit.read.docx_import.package import ImportError_, open_package
from toolkit.read.docx_import.structure import Imported, Known, assign_ids, read_structure
from toolkit.transform.labels import Labels


@dataclass
class ImportResult:
    out: Path
    imported: Imported
    language: str
    files: list[Path] = field(default_factory=list)

    def summary(self) -> list[str]:
        """What was found, guessed and left out, for the user to review."""
        im = self.imported
        paras = sum(1 for s in im.sections for i in s.items if i.kind == "para")
        recs = sum(1 for s in im.sections for i in s.items if i.kind == "rec")
        tables = sum(1 for s in im.sections for i in s.items if i.kind == "table")
        prev = sum(len(s.previous) for s in im.sections)
        lines = [f"found: {len(im.sections)} sections, {paras} paragraphs, {recs} "
                 f"recommendations, {count_notes(im)} footnotes, {tables} tables, "
                 f"{prev} earlier recommendations (language: {self.language})"]
        for section in im.sections:
            what = section.meaning.kind + (f" {', '.join(section.meaning.articles)}"
                                           if section.meaning.articles else "")
            lines.append(f"  {section.id:<28} {what:<16} {section.source_heading[:60]}")
        for text in im.unclassified:
            lines.append(f"unclassified heading: {text}")
        for text in im.guessed:
            lines.append(f"guessed: {text}")
        for text in im.dropped:
            lines.append(f"left out: {text}")
        f = im.findings
        if f.tracked_changes:
            lines.append(f"warning: {f.tracked_changes} tracked changes were accepted")
        if f.images:
            lines.append(f"left out: {f.images} images or drawings")
        for url in f.dropped_links:
            lines.append(f"left out: link to {url} (only http, https and mailto are kept)")
        lines.append("to check: place and date in submission.yaml, the coalition members, "
                     "and 'assessment:' of each earlier recommendation in previous.yaml")
        return lines


def known_words(mechanism: Mechanism) -> Known:
    """Headings of the annexes the toolkit writes itself and its assessment names, in
    every language it writes."""
    known = Known()
    for lang in ("en", "ru", "kk"):
        labels = Labels(get_translator(lang), mechanism)
        for title in (labels.annex_recommendations, labels.annex_previous,
                      labels.annex_coalition):
            for letter in "ABC":
                known.generated.add(labels.annex_heading(letter, title))
        for value in ("implemented", "partially-implemented", "not-implemented",
                      "no-information"):
            known.assessments[labels.assessment(value).lower()] = value
    return known


def detect_language(text: str) -> str:
    """en, ru or kk from the letters: Kazakh letters make kk, Cyrillic otherwise ru."""
    if re.search(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]", text):
        return "kk"
    cyrillic = len(re.findall(r"[а-яёА-ЯЁ]", text))
    latin = len(re.findall(r"[a-zA-Z]", text))
    return "ru" if cyrillic > latin else "en"


def import_docx(path: Path, out: Path, *, mechanism: str, state: str,
                language: str | None = None, today: date | None = None) -> ImportResult:
    """Import ``path`` into the new folder ``out``; nothing is written on any error."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ImportError_(f"{out} already exists and is not empty: name a new folder "
                           "with --out (an import never overwrites a submission)")
    package = open_package(path)
    catalogue = load_mechanism(mechanism)
    imported = read_structure(package, catalogue, known_words(catalogue))
    if not any(s.items or s.previous for s in imported.sections):
        raise ImportError_("no text was found in the document's body")
    assign_ids(imported)
    from toolkit.model.document import plain_text

    sample = " ".join(plain_text(i.content) for s in imported.sections for i in s.items[:3])
    lang = language or detect_language(sample)
    title = imported.title or package.title
    if not title:
        first = next((s for s in imported.sections if s.source_heading), None)
        title = first.source_heading if first else path.stem
        imported.guessed.append(f"title from the first heading: {title[:60]}")
    result = ImportResult(out, imported, lang)
    result.files = write_submission(
        out, imported, mechanism=mechanism, state=state, language=lang,
        title=re.sub(r"\s+", " ", title).strip(),
        day=package.created or today or date.today(), author=package.author)
    return result
