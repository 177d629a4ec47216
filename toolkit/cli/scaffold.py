"""``toolkit new``: a new submission folder with commented example files.

The files are a working submission (it passes ``toolkit check``) whose comments explain
every field, so a coalition member can start by editing rather than reading a manual.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from toolkit.fsutil import atomic_write_text
from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos
from toolkit.read.schema import MECHANISMS

SUBMISSION = """\
# The submission's metadata. Format: docs/format.md
title: Comments of civil society organisations on the periodic report of {state_name}
mechanism: {mechanism}          # ccpr | cescr | cat | cedaw | crc | cerd | crpd | upr
state: {state}                  # ISO 3166-1 alpha-3 code
submission_type: joint       # joint | individual
review:                      # all optional
  # state_report: {prefix}/{state}/2
  # session: 140
  # list_of_issues: {prefix}/{state}/Q/2
  # previous_outcome: {prefix}/{state}/CO/1
date: {today}
place: Astana
source_language: en          # en | ru | kk
languages: [en]              # add ru, kk when translations exist
numbering: {{paragraphs: continuous, recommendations: continuous}}   # or per-section
coalition:                   # every member organisation; ids are used as contributors
  - id: org1
    name: Name of the first organisation
    website: https://example.org
"""

SOURCES = """\
# Sources cited with [@key] or [@key, p. 4] in any text. Each becomes a footnote.
report-2025:
  citation: Name of the organisation, *Title of the report* (2025)
  url: https://example.org/report
"""

PREVIOUS = """\
# Recommendations the State received earlier, followed up by this submission.
# assessment: implemented | partially-implemented | not-implemented | no-information
- id: co1-10
  document: {prefix}/{state}/CO/1
  paragraph: 10
  text: The State party should ensure that every allegation of ill-treatment is investigated.
  assessment: not-implemented
"""

INTRODUCTION = """\
# One file per section, built in file-name order.
id: introduction
kind: introduction           # introduction | follow-up | {body_kind} | annex
heading: Introduction
contributors: [org1]
paragraphs:
  - text: >
      This submission was prepared by a coalition of organisations working in
      {state_name}. It covers developments since the previous review.
"""

FOLLOW_UP = """\
id: follow-up
kind: follow-up
heading: Recommendations of the previous review
previous: [co1-10]           # earlier recommendations discussed here (ids in previous.yaml)
paragraphs:
  - id: investigations
    text: >
      No independent body has been created since @prev:co1-10 was made.[@report-2025, p. 3]
recommendations:
  - id: independent-body
    text: Establish a body independent of the police to investigate allegations of ill-treatment.
    follows_up: [co1-10]
"""

BODY_ARTICLE = """\
id: {section_id}
kind: article
articles: ["{article}"]          # treaty articles covered; the heading comes from the catalogue
contributors: [org1]
paragraphs:
  - text: >
      Write each finding as one paragraph. A footnote looks like this.^[Free text of the
      note, which may cite a source: [@report-2025, p. 5].] Refer to other parts with
      @para:investigations or @rec:independent-body.
recommendations:
  - text: Amend the law so that it complies with the treaty.
"""

BODY_THEME = """\
id: expression
kind: theme
themes: [freedom-of-expression]   # ids from the theme catalogue (toolkit/data/themes.yaml)
contributors: [org1]
paragraphs:
  - text: >
      Write each finding as one paragraph.^[A footnote.] Refer to other parts with
      @para:investigations or @rec:independent-body.
recommendations:
  - text: Decriminalise defamation.
"""


def scaffold(root: Path, *, mechanism: str, state: str) -> Path:
    """Create ``root`` with a complete, valid example submission."""
    from toolkit.model.states import StateTable

    if mechanism not in MECHANISMS:
        raise UserError(f"unknown mechanism '{mechanism}': choose one of {', '.join(MECHANISMS)}")
    country = StateTable.load().get(state)
    if country is None:
        raise UserError(f"unknown State code '{state}': use the ISO 3166-1 alpha-3 code, e.g. KAZ")
    if root.exists():
        raise UserError(f"{root} already exists: choose another name", SourcePos(str(root)))
    prefix = {"ccpr": "CCPR/C", "cescr": "E/C.12", "cat": "CAT/C", "cedaw": "CEDAW/C",
              "crc": "CRC/C", "cerd": "CERD/C", "crpd": "CRPD/C", "upr": "A/HRC"}[mechanism]
    values = {
        "mechanism": mechanism,
        "state": country.code,
        "state_name": country.names["en"].short,
        "prefix": prefix,
        "today": dt.date.today().isoformat(),
        "body_kind": "theme" if mechanism == "upr" else "article",
        "section_id": "art2",
        "article": {"crc": "2", "cerd": "2", "upr": ""}.get(mechanism, "2"),
    }
    files = {
        "submission.yaml": SUBMISSION,
        "sources.yaml": SOURCES,
        "previous.yaml": PREVIOUS,
        "sections/00-introduction.yaml": INTRODUCTION,
        "sections/10-follow-up.yaml": FOLLOW_UP,
        "sections/20-body.yaml": BODY_THEME if mechanism == "upr" else BODY_ARTICLE,
    }
    if mechanism == "upr":
        files["previous.yaml"] = PREVIOUS.replace(
            "paragraph: 10", "paragraph: \"128.10\"\n  recommending_state: Germany\n"
            "  response: supported\n  theme: torture").replace(
            "{prefix}/{state}/CO/1", "A/HRC/43/10")
    for name, text in files.items():
        atomic_write_text(root / name, text.format(**values))
    return root
