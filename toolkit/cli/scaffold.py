"""``toolkit new``: a new submission folder with commented example files.

The files are a working submission (it passes ``toolkit check``) whose comments explain
every field, so a coalition member can start by editing rather than reading a manual. The
example text is written in the submission's source language (en, ru or kk); when other
languages are listed, their (empty) translation catalogues are created too, so that
``toolkit check`` passes and translators can start at once. CI files for GitHub Actions
and GitLab CI come with it: check, translation progress, the DOCX as artifacts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from toolkit.fsutil import atomic_write_text
from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos
from toolkit.read.schema import MECHANISMS

SUBMISSION = """\
# The submission's metadata. Format: docs/format.md
title: "{title}"
mechanism: {mechanism}          # ccpr | cescr | cat | cedaw | crc | cerd | crpd | upr
state: {state}                  # ISO 3166-1 alpha-3 code
submission_type: joint       # joint | individual
review:                      # all optional
  # state_report: {prefix}/{state}/2
  # session: 140
  # list_of_issues: {prefix}/{state}/Q/2
  # previous_outcome: {prefix}/{state}/CO/1
date: {today}
place: "{place}"
source_language: {source_language}          # en | ru | kk: the language the texts are written in
languages: [{languages}]      # built languages; each but the source has locales/<lang>.po
numbering: {{paragraphs: continuous, recommendations: continuous}}   # or per-section
coalition:                   # every member organisation; ids are used as contributors
  - id: org1
    name: "{org_name}"
    website: https://example.org
"""

SOURCES = """\
# Sources cited with [@key] or [@key, p. 4] in any text. Each becomes a footnote.
report-2025:
  citation: "{citation}"
  url: https://example.org/report
"""

PREVIOUS = """\
# Recommendations the State received earlier, followed up by this submission.
# assessment: implemented | partially-implemented | not-implemented | no-information
- id: co1-10
  document: {prefix}/{state}/CO/1
  paragraph: 10
  text: "{previous_text}"
  assessment: not-implemented
"""

PREVIOUS_UPR = """\
# Recommendations the State received earlier, followed up by this submission.
# assessment: implemented | partially-implemented | not-implemented | no-information
- id: co1-10
  document: A/HRC/43/10
  paragraph: "128.10"
  recommending_state: "{recommending_state}"
  response: supported
  theme: torture
  text: "{previous_text}"
  assessment: not-implemented
"""

INTRODUCTION = """\
# One file per section, built in file-name order.
id: introduction
kind: introduction           # introduction | follow-up | {body_kind} | annex
heading: "{introduction_heading}"
contributors: [org1]
paragraphs:
  - text: >
      {introduction_text}
"""

FOLLOW_UP = """\
id: follow-up
kind: follow-up
heading: "{follow_up_heading}"
previous: [co1-10]           # earlier recommendations discussed here (ids in previous.yaml)
paragraphs:
  - id: investigations
    text: >
      {follow_up_text}
recommendations:
  - id: independent-body
    text: "{follow_up_recommendation}"
    follows_up: [co1-10]
"""

BODY_ARTICLE = """\
id: {section_id}
kind: article
articles: ["{article}"]          # treaty articles covered; the heading comes from the catalogue
contributors: [org1]
paragraphs:
  - text: >
      {body_text}
recommendations:
  - text: "{body_recommendation}"
"""

BODY_THEME = """\
id: expression
kind: theme
themes: [freedom-of-expression]   # ids from the theme catalogue (toolkit/data/themes.yaml)
contributors: [org1]
paragraphs:
  - text: >
      {theme_text}
recommendations:
  - text: "{theme_recommendation}"
"""

# Continuous integration for the coalition's repository (the submission folder at its
# root; otherwise set SUBMISSION). Written as is: no str.format (the files use braces).
GITHUB_WORKFLOW = """\
# Checks the submission on every push and pull request, reports translation progress and
# keeps the built DOCX as downloadable artifacts (Actions → the run → Artifacts).
# Written by `toolkit new`; see the toolkit's docs/coordinators.md.
name: toolkit
on:
  push:
  pull_request:
env:
  SUBMISSION: "."                        # the submission folder, from the repository root
  TOOLKIT_PACKAGE: shadow-report-toolkit # what pip installs: pin a version or a git URL
  TRANSLATED_AT_LEAST: "0"               # percent of words translated; raise it (e.g. 100)
                                         # when translations are due: the check fails below
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install the toolkit
        run: pip install "$TOOLKIT_PACKAGE"
      - name: Check the submission
        run: toolkit check "$SUBMISSION"
      - name: Translation progress
        run: toolkit i18n status "$SUBMISSION" --fail-under "$TRANSLATED_AT_LEAST"
  build:
    needs: check
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install the toolkit
        run: pip install "$TOOLKIT_PACKAGE"
      - name: Build the drafts (with the reviewers' comments)
        run: toolkit build "$SUBMISSION" --draft --out build
      - name: Build the final DOCX (a tag, every section final)
        if: startsWith(github.ref, 'refs/tags/')
        run: toolkit build "$SUBMISSION" --require-final --out build
      - uses: actions/upload-artifact@v4
        with:
          name: docx
          path: build/*.docx
"""

GITLAB_CI = """\
# Checks the submission on every push, reports translation progress and keeps the built
# DOCX as artifacts (the pipeline's job → Browse). Written by `toolkit new`; see the
# toolkit's docs/coordinators.md.
variables:
  SUBMISSION: "."                        # the submission folder, from the repository root
  TOOLKIT_PACKAGE: shadow-report-toolkit # what pip installs: pin a version or a git URL
  TRANSLATED_AT_LEAST: "0"               # percent of words translated; raise it (e.g. 100)
                                         # when translations are due: the check fails below
default:
  image: python:3.12
  before_script:
    - pip install "$TOOLKIT_PACKAGE"
stages:
  - check
  - build
check:
  stage: check
  script:
    - toolkit check "$SUBMISSION"
    - toolkit i18n status "$SUBMISSION" --fail-under "$TRANSLATED_AT_LEAST"
drafts:
  stage: build
  script:
    - toolkit build "$SUBMISSION" --draft --out build
  artifacts:
    paths:
      - build/*.docx
    expire_in: 30 days
final:
  stage: build
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - toolkit build "$SUBMISSION" --require-final --out build
  artifacts:
    paths:
      - build/*.docx
"""

#: CI files written as they are (path in the submission → text).
CI_FILES = {".github/workflows/toolkit.yml": GITHUB_WORKFLOW, ".gitlab-ci.yml": GITLAB_CI}

# The example text, in each language a submission can be written in. Markup (footnotes,
# citations, cross-references) is the same in every language; only the words change.
EXAMPLE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "{state_name}: comments of civil society organisations on the periodic "
                 "report",
        "org_name": "Name of the first organisation",
        "citation": "Name of the organisation, *Title of the report* (2025)",
        "previous_text": "The State party should ensure that every allegation of "
                         "ill-treatment is investigated.",
        "recommending_state": "Germany",
        "introduction_heading": "Introduction",
        "introduction_text": "This submission was prepared by a coalition of civil society "
                             "organisations. It covers developments since the previous review.",
        "follow_up_heading": "Recommendations of the previous review",
        "follow_up_text": "No independent body has been created since @prev:co1-10 was made."
                          "[@report-2025, p. 3]",
        "follow_up_recommendation": "Establish a body independent of the police to "
                                    "investigate allegations of ill-treatment.",
        "body_text": "Write each finding as one paragraph. A footnote looks like this.^[Free "
                     "text of the note, which may cite a source: [@report-2025, p. 5].] Refer "
                     "to other parts with @para:investigations or @rec:independent-body.",
        "body_recommendation": "Amend the law so that it complies with the treaty.",
        "theme_text": "Write each finding as one paragraph.^[A footnote.] Refer to other parts "
                      "with @para:investigations or @rec:independent-body.",
        "theme_recommendation": "Decriminalise defamation.",
    },
    "ru": {
        "title": "{state_name}: комментарии организаций гражданского общества к "
                 "периодическому докладу",
        "org_name": "Название первой организации",
        "citation": "Название организации, *Название доклада* (2025)",
        "previous_text": "Государству-участнику следует обеспечить расследование каждого "
                         "заявления о жестоком обращении.",
        "recommending_state": "Германия",
        "introduction_heading": "Введение",
        "introduction_text": "Настоящий доклад подготовлен коалицией организаций гражданского "
                             "общества. В нём рассматриваются изменения, произошедшие после "
                             "предыдущего рассмотрения.",
        "follow_up_heading": "Рекомендации предыдущего рассмотрения",
        "follow_up_text": "Со времени вынесения рекомендации @prev:co1-10 независимый орган "
                          "так и не создан.[@report-2025, с. 3]",
        "follow_up_recommendation": "Создать независимый от полиции орган для расследования "
                                    "заявлений о жестоком обращении.",
        "body_text": "Каждый вывод излагается отдельным абзацем. Сноска выглядит так.^[Текст "
                     "сноски; в нём можно сослаться на источник: [@report-2025, с. 5].] "
                     "Ссылки на другие части доклада: @para:investigations или "
                     "@rec:independent-body.",
        "body_recommendation": "Привести законодательство в соответствие с международными "
                               "обязательствами государства.",
        "theme_text": "Каждый вывод излагается отдельным абзацем.^[Сноска.] Ссылки на другие "
                      "части доклада: @para:investigations или @rec:independent-body.",
        "theme_recommendation": "Декриминализировать клевету.",
    },
    "kk": {
        "title": "{state_name}: азаматтық қоғам ұйымдарының мерзімді баяндамаға "
                 "түсініктемелері",
        "org_name": "Бірінші ұйымның атауы",
        "citation": "Ұйымның атауы, *Баяндаманың атауы* (2025)",
        "previous_text": "Қатысушы мемлекет қатыгездік туралы әрбір арыздың тергелуін "
                         "қамтамасыз етуі тиіс.",
        "recommending_state": "Германия",
        "introduction_heading": "Кіріспе",
        "introduction_text": "Бұл баяндаманы азаматтық қоғам ұйымдарының коалициясы дайындады. "
                             "Онда алдыңғы шолудан кейінгі өзгерістер қарастырылады.",
        "follow_up_heading": "Алдыңғы шолудың ұсынымдары",
        "follow_up_text": "@prev:co1-10 ұсынымы берілгеннен бері тәуелсіз орган құрылған жоқ."
                          "[@report-2025, 3-б.]",
        "follow_up_recommendation": "Қатыгездік туралы арыздарды тергейтін, полициядан "
                                    "тәуелсіз орган құру.",
        "body_text": "Әр тұжырым жеке абзацпен жазылады. Төменгі сілтеме былай жазылады.^["
                     "Сілтеменің мәтіні, онда дереккөзге сілтеме жасауға болады: "
                     "[@report-2025, 5-б.].] Баяндаманың басқа бөліктеріне сілтеме: "
                     "@para:investigations немесе @rec:independent-body.",
        "body_recommendation": "Заңнаманы мемлекеттің халықаралық міндеттемелеріне сәйкес "
                               "келтіру.",
        "theme_text": "Әр тұжырым жеке абзацпен жазылады.^[Төменгі сілтеме.] Баяндаманың "
                      "басқа бөліктеріне сілтеме: @para:investigations немесе "
                      "@rec:independent-body.",
        "theme_recommendation": "Жала жабу үшін қылмыстық жауаптылықты алып тастау.",
    },
}

PREFIXES = {"ccpr": "CCPR/C", "cescr": "E/C.12", "cat": "CAT/C", "cedaw": "CEDAW/C",
            "crc": "CRC/C", "cerd": "CERD/C", "crpd": "CRPD/C", "upr": "A/HRC"}


def default_languages(source_language: str) -> list[str]:
    """The source language first, then the toolkit's other languages."""
    return [source_language] + [lang for lang in EXAMPLE_TEXT if lang != source_language]


def _state_name(country: Any, language: str) -> str:
    """The State's UN short name in ``language`` (toolkit/data/states.csv)."""
    return str(country.names[language].short)


# Example texts written as folded block scalars (``>``), where no character is special.
FOLDED = {"introduction_text", "follow_up_text", "body_text", "theme_text"}


def _yaml_text(value: str) -> str:
    """``value`` safe inside a double-quoted YAML scalar (it may come from the user)."""
    return " ".join(value.split()).replace("\\", "\\\\").replace('"', '\\"')


def scaffold(root: Path, *, mechanism: str, state: str, source_language: str = "en",
             languages: list[str] | None = None, place: str = "Astana") -> Path:
    """Create ``root`` with a complete, valid example submission in ``source_language``."""
    from toolkit.model.states import StateTable

    if mechanism not in MECHANISMS:
        raise UserError(f"unknown mechanism '{mechanism}': choose one of {', '.join(MECHANISMS)}")
    if source_language not in EXAMPLE_TEXT:
        raise UserError(f"unknown language '{source_language}': "
                        f"choose one of {', '.join(EXAMPLE_TEXT)}")
    languages = languages or default_languages(source_language)
    if languages[0] != source_language or len(set(languages)) != len(languages) \
            or not set(languages) <= set(EXAMPLE_TEXT):
        raise UserError(f"languages must start with the source language '{source_language}' "
                        f"and name each of {', '.join(EXAMPLE_TEXT)} at most once")
    country = StateTable.load().get(state)
    if country is None:
        raise UserError(f"unknown State code '{state}': use the ISO 3166-1 alpha-3 code, e.g. KAZ")
    if root.exists():
        raise UserError(f"{root} already exists: choose another name", SourcePos(str(root)))
    text = EXAMPLE_TEXT[source_language]
    state_name = _state_name(country, source_language)
    values = {key: value if key in FOLDED else _yaml_text(value.format(state_name=state_name))
              for key, value in text.items()}
    values.update({
        "mechanism": mechanism,
        "state": country.code,
        "prefix": PREFIXES[mechanism],
        "today": dt.date.today().isoformat(),
        "place": _yaml_text(place),
        "source_language": source_language,
        "languages": ", ".join(languages),
        "body_kind": "theme" if mechanism == "upr" else "article",
        "section_id": "art2",
        "article": "2",
    })
    files = {
        "submission.yaml": SUBMISSION,
        "sources.yaml": SOURCES,
        "previous.yaml": PREVIOUS_UPR if mechanism == "upr" else PREVIOUS,
        "sections/00-introduction.yaml": INTRODUCTION,
        "sections/10-follow-up.yaml": FOLLOW_UP,
        "sections/20-body.yaml": BODY_THEME if mechanism == "upr" else BODY_ARTICLE,
    }
    for name, template in files.items():
        atomic_write_text(root / name, template.format(**values))
    for name, text in CI_FILES.items():
        atomic_write_text(root / name, text)
    if len(languages) > 1:
        from toolkit.i18n.merge import update_catalogues

        update_catalogues(root)
    return root
