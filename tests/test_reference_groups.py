"""References that read like prose (pandoc-crossref conventions), read back from real DOCX.

Groups ``[@rec:a; @rec:b]`` name their targets once, sorted and with runs compressed;
``[-@…]`` gives the numbers only, ``[+@…]`` a capital; a section reads "article 7" or
"section “…”"; earlier recommendations of one document merge, in the text and in the
"Follows up" line. The example report uses them in English, Russian and Kazakh.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ART7, EXAMPLE, FOLLOW_UP, PREVIOUS, SOURCES
from tests.docx_inspect import Docx, read_docx
from toolkit.cli.main import app
from toolkit.i18n.audit import _tokens_diff
from toolkit.read.markup import parse_inline, to_markup, tokens

runner = CliRunner()


@pytest.fixture(scope="module")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Docx]:
    out = tmp_path_factory.mktemp("groups")
    args = ["build", str(EXAMPLE), "--out", str(out)]
    for lang in ("en", "ru", "kk"):
        args += ["--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return {lang: read_docx(out / f"kaz-iccpr-2016-{lang}.docx") for lang in ("en", "ru", "kk")}


def _text(doc: Docx) -> str:
    """The words (no-break spaces read as spaces: test_render_typography checks them)."""
    return "\n".join(p.text for p in doc.paragraphs()).replace("\u00a0", " ")


def _para_with(doc: Docx, needle: str):
    found = [p for p in doc.paragraphs() if needle in p.text]
    assert found, needle
    return found[0]


EXPECTED = {
    "en": ["under articles 7 and 14", "recommendations 19 and 23", "recommendations 6 and 10",
           "CCPR/C/KAZ/CO/1, paras. 23 and 24 under articles 19 and 21",
           "(Follows up CCPR/C/KAZ/CO/1, paras. 7 and 13)",
           "in section “Follow-up to the concluding observations of 2011”"],
    "ru": ["см. статьи 7 и 14", "это рекомендации 19 и 23", "это рекомендации 6 и 10",
           "(CCPR/C/KAZ/CO/1, пп. 23 и 24) рассматривается в разделах, посвященных статьям "
           "19 и 21", "(В развитие рекомендаций CCPR/C/KAZ/CO/1, пп. 7 и 13)",
           "(В развитие рекомендации CCPR/C/KAZ/CO/1, п. 6)",
           "в разделе «Последующие меры в связи с заключительными замечаниями 2011 года» "
           "оценивается", "раздел «Пункт 3 статьи 2»"],
    "kk": ["(7 және 14-баптар)", "19 және 23-ұсынымдар", "6 және 10-ұсынымдар",
           "(CCPR/C/KAZ/CO/1, 23 және 24-тармақтар)",
           "(CCPR/C/KAZ/CO/1, 7 және 13-тармақтар негізінде)",
           "алдымен «2011 жылғы қорытынды ескертпелердің орындалуы» бөлімінде"],
}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_groups_read_as_prose(example_docx: dict[str, Docx], lang: str) -> None:
    text = _text(example_docx[lang])
    for phrase in EXPECTED[lang]:
        assert phrase in text, (lang, phrase)
    # nothing of the old forms: a noun twice, a heading quoted inside its own label
    assert not re.search(r"рекомендации рекомендация|articles article|статьи статья|"
                         r"раздел «раздел|«@|-ұсыным-ұсыным", text)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_number_of_a_group_links_to_its_target(example_docx: dict[str, Docx],
                                                     lang: str) -> None:
    doc = example_docx[lang]
    marks = doc.bookmarks()
    needle = {"en": "recommendations 19 and 23", "ru": "рекомендации 19 и 23",
              "kk": "19 және 23-ұсынымдар"}[lang]
    para = _para_with(doc, needle)
    linked = {text: anchor for anchor, text in para.links}
    assert "19" in linked and "23" in linked, para.links
    for number in ("19", "23"):  # each number's bookmark is that recommendation
        assert marks[linked[number]].text.startswith(number), marks[linked[number]].text


@pytest.mark.parametrize("lang,heading", [("en", "Article 2, paragraph 3"),
                                          ("ru", "Пункт 3 статьи 2"),
                                          ("kk", "2-баптың 3-тармағы")])
def test_article_paragraph_headings(example_docx: dict[str, Docx], lang: str,
                                    heading: str) -> None:
    headings = [p.text.strip() for p in example_docx[lang].paragraphs()
                if p.style.startswith("Heading")]
    assert heading in headings, headings


# --------------------------------------------------------------------------- small reports

GROUPS = """\
id: art9
kind: article
articles: ["9"]
paragraphs:
  - id: a
    text: First.
  - id: b
    text: Second.
  - id: c
    text: Third.
  - id: d
    text: >
      See [@para:d; @para:b; @para:a; @para:c] and [@para:a; @para:c]. @sec:art7 protects
      everyone; so does [+@sec:art9], as [-@para:b; -@para:a] show (cf. @sec:art7).
      Recommendations [-@rec:second; -@rec:investigate] say so, and
      [@prev:co1-11; @prev:co1-12] were made. Compare @sec:follow.
recommendations:
  - id: second
    text: Do it.
    follows_up: [co1-12, co1-11]
"""
MORE_PREVIOUS = PREVIOUS + """\
- id: co1-12
  document: CCPR/C/KAZ/CO/1
  paragraph: 12
  text: The State party should act.
  assessment: not-implemented
"""


def test_groups_compress_sort_and_capitalise(make_submission, tmp_path: Path) -> None:
    root = make_submission({"sources.yaml": SOURCES, "previous.yaml": MORE_PREVIOUS,
                            "sections/10-follow-up.yaml": FOLLOW_UP,
                            "sections/20-art07.yaml": ART7, "sections/30-art09.yaml": GROUPS})
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    doc = read_docx(tmp_path / "out" / "sub-en.docx")
    para = _para_with(doc, "See paras.")
    # paragraphs 1 (follow-up) and 2 (article 7) come first; article 9's run 3–6
    assert "See paras.\u00a03–6 and paras.\u00a03 and 5." in para.text, para.text
    assert "Article 7 protects everyone; so does Article 9, as 3 and 4 show (cf. article 7)" \
        in para.text, para.text
    assert "Recommendations 1 and 2 say so" in para.text
    assert "CCPR/C/KAZ/CO/1, paras.\u00a011 and 12 were made" in para.text
    assert "Compare section “Follow-up”." in para.text
    # a range links its ends: 3 to paragraph 3, 6 to paragraph 6
    marks = doc.bookmarks()
    ends = [(anchor, text) for anchor, text in para.links if text in ("3", "6")][:2]
    assert [marks[a].text.split(".")[0] for a, _ in ends] == ["3", "6"]
    follows = [p.text for p in doc.paragraphs() if "Do it." in p.text]
    assert follows and "(Follows up CCPR/C/KAZ/CO/1, paras.\u00a011 and 12)" in follows[0], follows


@pytest.mark.parametrize("text,message", [
    ("See [@para:status; @rec:investigate].", "one kind"),
    ("See [-@rec:investigate; @rec:investigate].", "'-' before every item"),
    ("See [@rec:investigate; @ombudsman].", "brackets of their own"),
])
def test_bad_groups_are_errors_with_file_and_line(make_submission, text: str,
                                                  message: str) -> None:
    section = ART7.replace("Create an independent investigative body (see @para:complaints).",
                           text)
    root = make_submission({"sources.yaml": SOURCES, "previous.yaml": PREVIOUS,
                            "sections/10-follow-up.yaml": FOLLOW_UP,
                            "sections/20-art07.yaml": section})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert re.search(r"sections/20-art07\.yaml:1[0-9]:\d+: .*" + re.escape(message),
                     result.output), result.output
    assert "Traceback" not in result.output


def test_source_key_with_a_reference_prefix_is_an_error(make_submission) -> None:
    sources = SOURCES + "rec:annual:\n  citation: Annual report (2016)\n"
    root = make_submission({"sources.yaml": sources, "previous.yaml": PREVIOUS,
                            "sections/10-follow-up.yaml": FOLLOW_UP,
                            "sections/20-art07.yaml": ART7})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert re.search(r"sources\.yaml:6:\d+: source key 'rec:annual' begins with 'rec:'",
                     result.output), result.output


# --------------------------------------------------------------------------- markup, audit


def test_group_markup_round_trips() -> None:
    for text in ["see [@rec:a; @rec:b].", "[-@para:x; -@para:y]", "[+@sec:art7] says",
                 "[@prev:a]"]:
        assert to_markup(parse_inline(text)) == text


def test_translator_may_reorder_or_split_a_group() -> None:
    source = "See [@rec:a; @rec:b]."
    assert tokens(parse_inline(source)) == tokens(parse_inline("См. [@rec:b; @rec:a]."))
    assert _tokens_diff(source, "См. рекомендации [-@rec:b; -@rec:a].") == []
    assert _tokens_diff(source, "См. @rec:b и @rec:a.") == []
    assert _tokens_diff(source, "См. [@rec:b].")  # a lost reference is still caught


def test_several_sources_make_one_footnote(make_submission, tmp_path: Path) -> None:
    section = ART7.replace("Only 2% reached court.", "Only 2% reached court.[@ombudsman, p. 9; "
                           "@kibhr-2015] Few were heard.[@ombudsman]")
    root = make_submission({"sources.yaml": SOURCES, "previous.yaml": PREVIOUS,
                            "sections/10-follow-up.yaml": FOLLOW_UP,
                            "sections/20-art07.yaml": section})
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    doc = read_docx(tmp_path / "out" / "sub-en.docx")
    notes = list(doc.footnotes.values())
    both = [n for n in notes if "Ombudsman, Annual report (2015), p.\u00a09; KIBHR" in n]
    assert len(both) == 1, notes
    assert both[0].endswith("Available at: https://example.org/report"), both[0]
    # the next note cites one of the two: the full citation again, never "Ibid."
    after = notes[notes.index(both[0]) + 1]
    assert after == "Ombudsman, Annual report (2015).", notes


UPR_SUBMISSION = """\
title: UPR test
mechanism: upr
state: KAZ
review: {session: 48, previous_outcome: A/HRC/43/10}
date: 2024-07-15
place: Astana
source_language: en
languages: [en, ru]
coalition:
  - {id: kibhr, name: KIBHR}
"""

UPR_PREVIOUS = "".join(
    f"""\
- id: {pid}
  document: A/HRC/43/10
  paragraph: "{number}"
  text: Do something.
  recommending_state: {state}
  response: supported
  assessment: not-implemented
""" for pid, number, state in [
        ("a", "128.45", "France"), ("b", "128.46", "France"), ("c", "128.47", "France"),
        ("d", "128.50", "[Maldives, Portugal]"), ("e", "128.51", "Germany"),
        ("f", "128.52", "Italy"), ("g", "128.53", "Spain")])

UPR_SECTION = """\
id: follow
kind: follow-up
heading: Follow-up
previous: [a, b, c, d, e, f, g]
paragraphs:
  - id: p1
    text: See [@prev:c; @prev:a; @prev:b; @prev:d] and [@prev:e; @prev:f; @prev:g].
recommendations:
  - id: r1
    text: Do it.
    follows_up: [a, b, c, d]
"""


def test_upr_groups_merge_with_their_states_and_compress(make_submission,
                                                         tmp_path: Path) -> None:
    """Several UPR recommendations of one report merge into one phrase, each number with
    its recommending States; a run made by the same State compresses ("128.45–128.47")."""
    from tests.conftest import write_submission

    root = write_submission(tmp_path / "upr", {
        "submission.yaml": UPR_SUBMISSION, "previous.yaml": UPR_PREVIOUS,
        "sections/10-follow.yaml": UPR_SECTION})
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "out"),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    doc = read_docx(tmp_path / "out" / "upr-en.docx")
    text = _text(doc)
    assert ("See A/HRC/43/10, paras. 128.45–128.47 (France) and 128.50 (Maldives, Portugal) "
            "and A/HRC/43/10, paras. 128.51 (Germany), 128.52 (Italy) and 128.53 (Spain)."
            ) in text, text
    assert ("(Follows up A/HRC/43/10, paras. 128.45–128.47 (France) and 128.50 (Maldives, "
            "Portugal))") in text
    para = _para_with(doc, "See A/HRC")
    marks = doc.bookmarks()
    ends = [(anchor, linked) for anchor, linked in para.links if linked in ("128.45", "128.47")]
    assert [linked for _, linked in ends] == ["128.45", "128.47"]
    assert all(anchor in marks for anchor, _ in ends)
