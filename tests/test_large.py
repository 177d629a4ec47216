"""A real-size report (600 paragraphs, 180 footnotes) builds completely and correctly."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import write_submission
from tests.docx_inspect import NUMBER_PREFIX, read_docx, schema_errors
from toolkit.pipeline import build

ARTICLES = [str(a) for a in range(1, 28)]
SENTENCE = ("Monitors recorded {n} cases in which detainees in region {r} were denied a lawyer "
            "during the first hours of custody, contrary to the Criminal Procedure Code.")


def large_submission(root: Path, sections: int = 20, paras: int = 30, recs: int = 7) -> Path:
    files: dict[str, str] = {}
    sources = {f"src{i}": {"citation": f"Source number {i}, *Report on detention* (2015)",
                           "url": f"https://example.org/{i}"} for i in range(40)}
    files["sources.yaml"] = yaml.safe_dump(sources, allow_unicode=True)
    note = 0
    for s in range(sections):
        paragraphs = []
        for p in range(paras):
            text = " ".join(SENTENCE.format(n=p + s, r=s) for _ in range(4))
            if p % 10 < 3:
                note += 1
                text += (f"[@src{note % 40}, p. {p}]" if note % 2 else
                         f"^[Note {note}: see also @para:s{s}-p{max(p - 1, 0)}.]")
            if p == 5 and s:
                text += f" See @rec:s{s - 1}-r0 and @sec:s{s - 1}."
            paragraphs.append({"id": f"s{s}-p{p}", "text": text})
        recommendations = [{"id": f"s{s}-r{r}", "text": f"Ensure access to a lawyer ({s}.{r})."}
                           for r in range(recs)]
        section = {"id": f"s{s}", "kind": "article", "articles": [ARTICLES[s % 27]],
                   "paragraphs": paragraphs, "recommendations": recommendations}
        files[f"sections/{s:03d}.yaml"] = yaml.safe_dump(section, allow_unicode=True, width=120)
    return write_submission(root, files)


def test_600_paragraphs_180_footnotes(tmp_path: Path) -> None:
    root = large_submission(tmp_path / "large")
    paths, loaded, _warnings = build(root, ["en"], tmp_path / "out")
    assert not loaded.diagnostics.errors
    doc = read_docx(paths[0])
    assert len(doc.footnotes) == 180
    numbers = [int(NUMBER_PREFIX.match(p.text).group(1)) for p in doc.styled("BodyNumbered")]
    assert numbers == list(range(1, 601))
    recs = [int(NUMBER_PREFIX.match(p.text).group(1)) for p in doc.styled("Recommendation")]
    assert recs == list(range(1, 141))
    bookmarks = doc.bookmarks()
    links = [link for p in doc.paragraphs() for link in p.links] + doc.footnote_links
    assert all(anchor in bookmarks for anchor, _ in links)
    # "see @rec:s3-r0" → recommendation 22 (sections of 7 recommendations each)
    assert ("rec_22", "recommendation 22") in links
    errors = schema_errors(paths[0])
    assert errors in (None, [])
