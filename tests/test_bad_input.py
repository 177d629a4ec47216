"""The bad-input catalogue: every broken submission gives one clear message, never a traceback.

Each case starts from a small valid submission (``BASE``), breaks ONE thing and states the
message fragment and the ``file:line`` it must be reported at. Every case is run through
``toolkit check`` and ``toolkit build`` (exit status 1, the message, no traceback, and
nothing written to the output folder); a handful also run as real subprocesses so that
stderr itself is seen. Raw fixtures that are easier to read as files live in
``tests/bad_inputs/``.

Decisions recorded here (not errors):

* a UTF-8 byte-order mark is accepted (editors on Windows write one);
* bidirectional *override/embedding/isolate* controls (U+202A–U+202E, U+2066–U+2069) are
  a **warning**: they can make text display in another order than it is stored ("trojan
  source"), but a Hebrew or Arabic quotation may need them, so the build goes on;
* a 1 MB paragraph and a 100 000-character line build normally (only the word limit
  complains, as a warning in ``build``);
* Jinja syntax inside content (``{{ 7*7 }}``) is text and stays text in the DOCX.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import PREVIOUS, VALID_FILES, write_submission
from tests.docx_inspect import read_docx
from toolkit.cli.main import app
from toolkit.pipeline import REFERENCE_DOCX

runner = CliRunner()
BAD = Path(__file__).parent / "bad_inputs"
TOOLKIT_WORDING = Path(__file__).resolve().parents[1] / "templates" / "wording.j2"

BASE = VALID_FILES

EXTRA = "sections/30-extra.yaml"


def extra(text: str) -> str:
    """A third section whose only paragraph's text is ``text`` (raw YAML), on line 5."""
    return f'id: extra\nkind: article\narticles: ["9"]\nparagraphs:\n  - text: {text}\n'


# --------------------------------------------------------------------------- building cases

Setup = Callable[[Path], None]


def edit(name: str, old: str, new: str) -> Setup:
    def apply(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def put(name: str, content: str | bytes) -> Setup:
    def apply(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def copy(fixture: str, name: str) -> Setup:
    """A stored fixture of tests/bad_inputs/ copied into the submission as ``name``."""
    return put(name, (BAD / fixture).read_bytes())


def both(*setups: Setup) -> Setup:
    def apply(root: Path) -> None:
        for setup in setups:
            setup(root)

    return apply


def remove(name: str) -> Setup:
    def apply(root: Path) -> None:
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()

    return apply


def add_reference_doc(name: str = "styles.docx") -> Setup:
    return edit("submission.yaml", "coalition:", f"reference_doc: {name}\ncoalition:")


def symlink_outside(root: Path) -> None:
    outside = root.parent / "outside.yaml"
    outside.write_text(extra("Kept outside the submission."), encoding="utf-8")
    (root / EXTRA).symlink_to(outside.resolve())


def sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (its size is what is refused)."""
    with path.open("wb") as handle:
        handle.truncate(size)


def zip_bomb(root: Path) -> None:
    """A .docx-looking zip whose word/document.xml inflates to 101 MB (about 100 KB packed)."""
    with zipfile.ZipFile(root / "styles.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w") as part:
            chunk = b" " * 2**20
            for _ in range(101):
                part.write(chunk)


def python_docx_default(root: Path) -> None:
    import docx

    docx.Document().save(str(root / "styles.docx"))


def wording(old: str, new: str) -> Setup:
    """The toolkit's own wording.j2, copied into the submission with one line changed."""
    text = TOOLKIT_WORDING.read_text(encoding="utf-8")
    assert old in text
    return put("templates/wording.j2", text.replace(old, new, 1))


def wording_line(needle: str) -> int:
    lines = TOOLKIT_WORDING.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


COVER_TITLE = wording_line('{% call line("title") %}{{ m.title }}{% endcall %}')
COVER_STATE = wording_line('{% call line("meta") %}{{ m.state_formal_name }}{% endcall %}')


@dataclass(frozen=True)
class Bad:
    name: str
    setup: Setup
    where: str  # "file:line" (or just the file) the message must start with
    # A fragment of the one message expected, when the toolkit itself words it; None where a
    # library may refuse the input first (the user is promised a clear message at file:line,
    # exit 1 and nothing written, never a particular library's wording).
    message: str | None
    errors: int = 1  # exactly this many errors
    warnings: int = 0  # and this many warnings (from toolkit check)
    skip_if_root: bool = False


CASES: list[Bad] = [
    # ---- invalid YAML
    Bad("tab indentation",
        edit("sections/20-art07.yaml", "  - id: complaints", "\t- id: complaints"),
        "sections/20-art07.yaml:6", "YAML does not allow tabs"),
    Bad("bad indentation", edit("sections/20-art07.yaml", "    text: Create", "     text: Create"),
        "sections/20-art07.yaml:12", "check the indentation"),
    Bad("unclosed flow list", edit("sections/20-art07.yaml", 'articles: ["7"]', 'articles: ["7"'),
        "sections/20-art07.yaml:4", "invalid YAML"),
    Bad("duplicate key",
        edit("sections/20-art07.yaml", "kind: article", "kind: article\nkind: theme"),
        "sections/20-art07.yaml:3", "duplicate key 'kind' (first at line 2)"),
    Bad("latin-1 bytes", copy("latin1.yaml", EXTRA),
        "sections/30-extra.yaml:5", "not UTF-8 text: save it as UTF-8"),
    Bad("empty file", put(EXTRA, ""), "sections/30-extra.yaml:1", "file is empty"),
    Bad("only comments", put(EXTRA, "# to do\n"), "sections/30-extra.yaml:1", "file is empty"),
    Bad("empty submission.yaml", put("submission.yaml", "\n"), "submission.yaml:1",
        "file is empty"),
    Bad("list where a mapping belongs", put(EXTRA, "- id: extra\n- kind: article\n"),
        "sections/30-extra.yaml:1", "expected a mapping of fields (key: value), found a list"),
    Bad("mapping where a list belongs",
        edit("sections/20-art07.yaml", "contributors: [kibhr]", "contributors: {kibhr: yes}"),
        "sections/20-art07.yaml:4", "contributors: expected a list"),
    Bad("key that is a list", put(EXTRA, extra("x") + "? [a, b]\n: c\n"),
        "sections/30-extra.yaml:6", "a key must be a plain word"),
    Bad("billion laughs", copy("billion-laughs.yaml", EXTRA),
        "sections/30-extra.yaml:4", "YAML aliases (*a) are not allowed"),
    Bad("recursive alias", put(EXTRA, extra("x") + "loop: &l [*l]\n"),
        "sections/30-extra.yaml:6", "YAML aliases (*l) are not allowed"),
    Bad("nesting bomb", put(EXTRA, extra("x") + "deep: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "sections/30-extra.yaml:6", None),
    Bad("python object tag", copy("python-tag.yaml", EXTRA),
        "sections/30-extra.yaml:5",
        "the YAML tag '!!python/object/apply:os.system' is not allowed"),
    Bad("custom tag on a scalar", put(EXTRA, extra("!secret x")),
        "sections/30-extra.yaml:5", "the YAML tag '!secret' is not allowed"),
    Bad("merge key", put(EXTRA, extra("x") + "<<: {articles: ['7']}\n"),
        "sections/30-extra.yaml:6", "merge keys (<<) are not supported"),
    Bad("two documents in one file", put(EXTRA, extra("x") + "---\nid: more\n"),
        "sections/30-extra.yaml:6", "one YAML document per file"),
    Bad("missing colon after a key", edit("sections/20-art07.yaml", "  - id: complaints",
                                          "  - id complaints"),
        "sections/20-art07.yaml:6", "missing ':' after 'id': write 'id: complaints'"),
    Bad("missing colon before a folded text", edit("sections/20-art07.yaml", "    text: >",
                                                   "    text >"),
        "sections/20-art07.yaml:7", "missing ':' after 'text': write 'text: >'"),
    Bad("colon inside plain text", put(EXTRA, extra("Torture: it persists.")),
        "sections/30-extra.yaml:5", "write the text as a block ('text: >'"),
    Bad("unclosed quote", edit("sections/20-art07.yaml", "    text: Create",
                               '    text: "Create'),
        "sections/20-art07.yaml:12", 'the quote " opened here is never closed'),
    # ---- schema
    Bad("missing section id", edit("sections/20-art07.yaml", "id: art7\n", ""),
        "sections/20-art07.yaml:1", "missing required field 'id'"),
    Bad("missing place", edit("submission.yaml", "place: Almaty\n", ""),
        "submission.yaml:1", "missing required field 'place'"),
    Bad("missing assessment", edit("previous.yaml", "  assessment: not-implemented\n", ""),
        "previous.yaml:1", "missing required field 'assessment'"),
    Bad("unknown field", edit("sections/20-art07.yaml", "    text: Create", "    txt: Create"),
        "sections/20-art07.yaml:12", "unknown field 'txt' — did you mean 'text'?"),
    Bad("unknown top-level field", edit("submission.yaml", "place:", "plaec:"),
        "submission.yaml:7", "unknown field 'plaec' — did you mean 'place'?"),
    Bad("wrong type: text is a list", put(EXTRA, extra("[a, b]")),
        "sections/30-extra.yaml:5", "paragraphs.0.text: expected text, found a list"),
    Bad("wrong type: follows_up is a number",
        edit("sections/20-art07.yaml", "follows_up: [co1-11]", "follows_up: 5"),
        "sections/20-art07.yaml:13", "follows_up: expected a list"),
    Bad("unknown mechanism", edit("submission.yaml", "mechanism: ccpr", "mechanism: iccpr"),
        "submission.yaml:2", "mechanism: 'iccpr' is not one of ccpr, cescr"),
    Bad("unknown kind", edit("sections/20-art07.yaml", "kind: article", "kind: articel"),
        "sections/20-art07.yaml:2", "did you mean 'article'?"),
    Bad("unknown article",
        edit("sections/20-art07.yaml", 'articles: ["7"]', 'articles: ["7", "64"]'),
        "sections/20-art07.yaml:3", "article '64' does not exist in the"),
    Bad("unknown language", edit("submission.yaml", "languages: [en]", "languages: [en, fr]"),
        "submission.yaml:9", "languages.1: 'fr' is not one of en, ru, kk"),
    Bad("unknown assessment", edit("previous.yaml", "not-implemented", "done"),
        "previous.yaml:5", "assessment: 'done' is not one of implemented"),
    Bad("impossible date", edit("submission.yaml", "2016-05-15", "2016-02-30"),
        "submission.yaml:6",
        "date: '2016-02-30' is not a valid date: write it as YYYY-MM-DD"),
    Bad("date in words", edit("submission.yaml", "2016-05-15", "15 May 2016"),
        "submission.yaml:6", "date: '15 May 2016' is not a valid date: write it as YYYY-MM-DD"),
    Bad("bad id", edit("sections/20-art07.yaml", "id: art7", "id: 7art"),
        "sections/20-art07.yaml:1", "an id starts with a Latin letter"),
    Bad("Cyrillic id", edit("sections/20-art07.yaml", "  - id: complaints", "  - id: пытки"),
        "sections/20-art07.yaml:6", "only Latin letters, digits, '-', '_' and '.' (got 'пытки'): "
        "write e.g. 'pytki'"),
    Bad("Kazakh id with a space", edit("sections/20-art07.yaml", "id: art7", "id: Қазақ тілі"),
        "sections/20-art07.yaml:1", "write e.g. 'qazaq-tili'"),
    Bad("lower-case State code", edit("submission.yaml", "state: KAZ", "state: kaz"),
        "submission.yaml:3", "ISO 3166-1 alpha-3 code in capitals"),
    Bad("empty text", put(EXTRA, extra('""')), "sections/30-extra.yaml:5",
        "paragraphs.0.text: must not be empty"),
    Bad("blank text", put(EXTRA, extra(r'"\t \n "')), "sections/30-extra.yaml:5",
        "paragraphs.0.text: holds only spaces or invisible characters"),
    Bad("heading of a no-break space", edit("sections/10-follow-up.yaml", "heading: Follow-up",
                                            'heading: "\\u00a0"'),
        "sections/10-follow-up.yaml:3", "heading: holds only spaces or invisible characters"),
    Bad("heading of a zero-width space", edit("sections/10-follow-up.yaml",
                                              "heading: Follow-up", "heading: \u200b\u2060"),
        "sections/10-follow-up.yaml:3", "heading: holds only spaces or invisible characters"),
    Bad("blank coalition name", edit("submission.yaml", "name: Adil Soz", 'name: "\\u3000"'),
        "submission.yaml:12", "coalition.1.name: holds only spaces"),
    Bad("yes as a key", edit("sections/20-art07.yaml", "kind: article", "kind: article\nyes: 1"),
        "sections/20-art07.yaml:3", "unknown field 'yes'"),
    Bad("paragraph 0 of an article", edit("sections/20-art07.yaml", 'articles: ["7"]',
                                          "articles: [7.0]"),
        "sections/20-art07.yaml:3", "'7.0' names paragraph 0"),
    Bad("sources.yaml is a list", put("sources.yaml", "- kibhr-2015\n- ombudsman\n"),
        "sources.yaml:1", "sources.yaml must be a mapping"),
    Bad("previous.yaml is a mapping", put("previous.yaml", "co1-11: torture\n"),
        "previous.yaml:1", "previous.yaml must be a list"),
    Bad("source without fields", edit("sources.yaml", "ombudsman:\n  citation: Ombudsman, "
                                      "Annual report (2015)\n", "ombudsman:\n"),
        "sources.yaml:4", "ombudsman: expected a mapping of fields (key: value), found an "
        "empty value"),
    Bad("javascript: website", edit("submission.yaml", "website: https://example.org",
                                    "website: 'javascript:alert(1)'"),
        "submission.yaml:11", "website must be a web address starting with https://"),
    Bad("file: source url", edit("sources.yaml", "url: https://example.org/report",
                                 "url: file:///etc/passwd"),
        "sources.yaml:3", "url must be a web address starting with https://"),
    # ---- references
    Bad("duplicate section id", put(EXTRA, extra("x").replace("id: extra", "id: art7")),
        "sections/30-extra.yaml:1", "duplicate section id 'art7'"),
    Bad("duplicate paragraph id across files",
        put(EXTRA, extra("x").replace("  - text:", "  - id: complaints\n    text:")),
        "sections/30-extra.yaml:5", "duplicate paragraph id 'complaints'"),
    Bad("duplicate recommendation id across files",
        put(EXTRA, extra("x") + "recommendations:\n  - id: investigate\n    text: Act.\n"),
        "sections/30-extra.yaml:7", "duplicate recommendation id 'investigate'"),
    Bad("duplicate id in previous.yaml", put("previous.yaml", PREVIOUS + PREVIOUS),
        "previous.yaml:6", "duplicate id 'co1-11' in previous.yaml"),
    Bad("dangling @rec", edit("sections/20-art07.yaml", "@rec:investigate", "@rec:investigation"),
        "sections/20-art07.yaml:9", "@rec:investigation points nowhere"),
    Bad("dangling @para", edit("sections/20-art07.yaml", "@para:complaints", "@para:complaint"),
        "sections/20-art07.yaml:12", "@para:complaint points nowhere"),
    Bad("dangling @sec", edit("sections/20-art07.yaml", "@sec:follow", "@sec:art9"),
        "sections/20-art07.yaml:9", "@sec:art9 points nowhere"),
    Bad("dangling @prev", edit("sections/10-follow-up.yaml", "@prev:co1-11", "@prev:co1-12"),
        "sections/10-follow-up.yaml:7", "@prev:co1-12 points nowhere"),
    Bad("unknown citation", edit("sections/20-art07.yaml", "[@kibhr-2015,", "[@kibhr-2016,"),
        "sections/20-art07.yaml:8", "citation [@kibhr-2016] has no entry in sources.yaml",
        warnings=1),  # ... and so source 'kibhr-2015' is never cited
    Bad("unknown contributor",
        edit("sections/20-art07.yaml", "contributors: [kibhr]", "contributors: [kibhr, iphr]"),
        "sections/20-art07.yaml:4", "contributor 'iphr' is not in the coalition list"),
    Bad("follows_up to nowhere",
        edit("sections/20-art07.yaml", "follows_up: [co1-11]", "follows_up: [co1-11, co1-99]"),
        "sections/20-art07.yaml:13", "follows_up 'co1-99' is not in previous.yaml"),
    Bad("previous to nowhere", edit("sections/10-follow-up.yaml", "previous: [co1-11]",
                                    "previous: [co1-11, co1-1]"),
        "sections/10-follow-up.yaml:4", "earlier recommendation 'co1-1' is not in previous.yaml"),
    Bad("footnote in a heading", edit("sections/10-follow-up.yaml", "heading: Follow-up",
                                      "heading: Follow-up^[Since 2011.]"),
        "sections/10-follow-up.yaml:3", "a heading cannot hold a footnote"),
    Bad("section 'source' with a paragraph named like a source",  # i18n update would refuse
        put(EXTRA, 'id: source\nkind: article\narticles: ["9"]\nparagraphs:\n'
                   '  - id: ombudsman\n    text: x\n'),
        "sources.yaml:4", "two texts have the translation id 'source/ombudsman'"),
    Bad("date in year 1", edit("submission.yaml", "date: 2016-05-15", "date: 0001-01-01"),
        "submission.yaml:6", "date 0001-01-01 is before 1900"),
    # ---- markup
    Bad("unterminated footnote", put(EXTRA, extra("Torture persists.^[Figures from 2015.")),
        "sections/30-extra.yaml:5", "unterminated footnote ^[…]: add the closing ]"),
    Bad("unterminated bold", put(EXTRA, extra("Torture **persists.")),
        "sections/30-extra.yaml:5", "unterminated **bold**"),
    Bad("unterminated italic", put(EXTRA, extra("Torture *persists.")),
        "sections/30-extra.yaml:5", "unterminated *italic*"),
    Bad("unterminated citation", put(EXTRA, extra("Torture persists [@kibhr-2015, p. 4.")),
        "sections/30-extra.yaml:5", "unterminated citation [@…]"),
    Bad("footnote inside a footnote", put(EXTRA, extra("Torture.^[Figures^[from 2015].]")),
        "sections/30-extra.yaml:5", "a footnote cannot contain another footnote"),
    Bad("stray backslash", put(EXTRA, extra(r"C:\Users\ngo")),
        "sections/30-extra.yaml:5", "stray backslash: write \\\\ for a literal backslash"),
    Bad("javascript: link", put(EXTRA, extra("Click [here](javascript:alert(1)).")),
        "sections/30-extra.yaml:5", "links must use http, https or mailto"),
    # ---- text hazards
    Bad("vertical tab escape", put(EXTRA, extra(r'"Torture\x0b persists."')),
        "sections/30-extra.yaml:5", "the control character U+000B is not allowed"),
    Bad("unit separator escape", put(EXTRA, extra(r'"Torture\u001f persists."')),
        "sections/30-extra.yaml:5", "the control character U+001F is not allowed"),
    Bad("raw control byte", put(EXTRA, extra("Torture\x1f persists.")),
        "sections/30-extra.yaml:5:", "the control character U+001F is not allowed"),
    Bad("NUL escape", put(EXTRA, extra(r'"Torture\0 persists."')),
        "sections/30-extra.yaml:5", "the control character U+0000 is not allowed"),
    Bad("raw NUL byte", put(EXTRA, extra("Torture\x00 persists.")),
        "sections/30-extra.yaml:5:", "the control character U+0000 is not allowed"),
    Bad("unpaired surrogate escape", put(EXTRA, extra(r'"Torture \ud800 persists."')),
        "sections/30-extra.yaml:5", "a \\u escape must be a character"),
    Bad("control character outside a text", edit("submission.yaml", "place: Almaty",
                                                  'place: "Almaty\\x0c"'),
        "submission.yaml:7", "the control character U+000C is not allowed"),
    Bad("error after a 100k-character line",
        put(EXTRA, extra("word " * 20_000 + "[@nowhere]")),
        "sections/30-extra.yaml:5", "citation [@nowhere] has no entry"),
    # ---- files
    Bad("missing sections folder", remove("sections"), "sub/sections",
        "the sections folder is missing"),
    Bad("missing submission.yaml", remove("submission.yaml"), "sub/submission.yaml",
        "submission.yaml is missing"),
    Bad("unreadable file", both(put(EXTRA, extra("x")), lambda root: (root / EXTRA).chmod(0)),
        "sections/30-extra.yaml", "cannot read file: Permission denied", skip_if_root=True),
    Bad("symlink out of the submission", symlink_outside,
        "sections/30-extra.yaml", "link to somewhere outside the submission folder"),
    Bad("named pipe in sections/", lambda root: os.mkfifo(root / EXTRA),
        "sections/30-extra.yaml", "not a regular file"),  # reading it would wait forever
    Bad("section file linked to itself",
        lambda root: (root / EXTRA).symlink_to("30-extra.yaml"),
        "sections/30-extra.yaml", "a link that leads back to itself"),
    Bad("section file of 21 MB",  # sparse: the size is refused before a byte is read
        lambda root: sparse(root / EXTRA, 21 * 2**20),
        "sections/30-extra.yaml", "file is larger than 20 MB"),
    Bad("themes.yaml linked out of the submission",
        lambda root: (root / "themes.yaml").symlink_to("/etc/hostname"),
        "themes.yaml", "link to somewhere outside the submission folder"),
    Bad("themes.yaml invalid YAML", put("themes.yaml", "water: [Water\n"),
        "themes.yaml:2", "invalid YAML"),
    Bad("themes.yaml bad theme id", put("themes.yaml", "water: Water\nOn Land: Land\n"),
        "themes.yaml:2", "theme id 'On Land' may hold only"),
    Bad("not a .yaml file in sections/", put("sections/notes.txt", "to do"),
        "sections/notes.txt", "not a YAML file"),
    Bad("folder in sections/", put("sections/drafts/30-x.yaml", extra("x")),
        "sections/drafts", "sections/ holds files only"),
    # ---- reference_doc
    Bad("reference_doc path traversal", add_reference_doc("../../x.docx"),
        "submission.yaml:10", "points outside the submission folder"),
    Bad("reference_doc missing", add_reference_doc(),
        "submission.yaml:10", "reference_doc 'styles.docx' does not exist"),
    Bad("reference_doc not a docx", both(add_reference_doc(), put("styles.docx", "not a zip")),
        "submission.yaml:10", "reference_doc 'styles.docx' is not a Word document"),
    Bad("reference_doc zip bomb", both(add_reference_doc(), zip_bomb),
        "submission.yaml:10", "unpacks to more than 100 MB"),
    Bad("reference_doc without the toolkit's styles",
        both(add_reference_doc(), python_docx_default),
        "submission.yaml:10",
        "reference_doc 'styles.docx' lacks styles: BodyNumbered, "),
    # ---- the submission's own wording template
    Bad("template syntax error", wording("{{ m.title }}{% endcall %}", "{{ m.title }{% endcall %}"),
        f"templates/wording.j2:{COVER_TITLE}", "template error: unexpected '}'"),
    Bad("template sandbox escape",
        wording("{{ m.state_formal_name }}{% endcall %}",
                "{{ ''.__class__.__mro__[1].__subclasses__() }}{% endcall %}"),
        f"templates/wording.j2:{COVER_STATE}", "may not use '__class__'"),
    Bad("template without macros",
        put("templates/wording.j2", "{% macro cover(m, line) %}{% endmacro %}"),
        "templates/wording.j2", "the template lacks the macros follow_up_intro, "),
    Bad("template not UTF-8", put("templates/wording.j2", b"{# caf\xe9 #}\n"),
        "templates/wording.j2:1", "not UTF-8 text"),
]

assert len(CASES) >= 40


def _make(tmp_path: Path, case: Bad) -> Path:
    if case.skip_if_root and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading the file")
    root = write_submission(tmp_path / "sub", BASE)
    case.setup(root)
    return root


def _error_count(output: str) -> int:
    m = re.search(r"^(\d+) errors?[,;]", output, re.MULTILINE)
    assert m, f"no error summary in:\n{output}"
    return int(m.group(1))


def _assert_reported(case: Bad, output: str) -> None:
    assert "Traceback" not in output, output
    assert "<unicode string>" not in output, output  # no raw multi-line library report
    lines = [line for line in output.splitlines()
             if (case.message or "") in line and not re.match(r"\d+ errors?[,;]", line)]
    assert lines, f"expected {case.message!r} in:\n{output}"
    assert any(line.startswith(case.where) or f"/{case.where}" in line for line in lines), \
        f"expected at {case.where}:\n{output}"
    assert _error_count(output) == case.errors, output


def _invoke(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    return result.exit_code, result.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_reports(tmp_path: Path, case: Bad) -> None:
    root = _make(tmp_path, case)
    code, output = _invoke(["check", str(root)])
    assert code == 1, output
    _assert_reported(case, output)
    assert output.count(": warning: ") == case.warnings, output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_refuses_and_writes_nothing(tmp_path: Path, case: Bad) -> None:
    root = _make(tmp_path, case)
    out = tmp_path / "out"
    code, output = _invoke(["build", str(root), "--out", str(out)])
    assert code == 1, output
    _assert_reported(case, output)
    assert not out.exists() or not any(out.iterdir()), list(out.iterdir())
    if root.is_dir():
        assert not (root / "build").exists()


SUBPROCESS_CASES = ["tab indentation", "billion laughs", "python object tag", "raw NUL byte",
                    "unpaired surrogate escape", "reference_doc zip bomb",
                    "template sandbox escape", "symlink out of the submission"]


def _toolkit() -> list[str]:
    """The console script installed beside this Python (the one under test), never
    another ``toolkit`` that PATH may find first (an older install, a pyenv shim)."""
    exe = Path(sys.executable).with_name("toolkit")
    if exe.is_file():
        return [str(exe)]
    return [sys.executable, "-c", "from toolkit.cli.main import main; main()"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_real_process_shows_no_traceback(tmp_path: Path, name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    root = _make(tmp_path, case)
    out = tmp_path / "out"
    for args in (["check", str(root)], ["build", str(root), "--out", str(out)]):
        proc = subprocess.run([*_toolkit(), *args], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
        assert (case.message or case.where) in proc.stderr, proc.stderr
    assert not out.exists() or not any(out.iterdir())


# --------------------------------------------------------------------------- accepted inputs


def _build_ok(root: Path, out: Path) -> str:
    code, output = _invoke(["build", str(root), "--lang", "en", "--out", str(out)])
    assert code == 0, output
    return output


def _body_text(path: Path) -> str:
    doc = read_docx(path)
    return "\n".join(p.text for p in doc.paragraphs()) + "\n" + "\n".join(
        doc.footnotes.values())


def test_bom_is_accepted(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", BASE)
    for path in [root / "submission.yaml", *root.glob("*/*.yaml"), *root.glob("*.yaml")]:
        data = path.read_bytes()
        if not data.startswith(b"\xef\xbb\xbf"):
            path.write_bytes(b"\xef\xbb\xbf" + data)
    code, output = _invoke(["check", str(root)])
    assert code == 0, output
    assert "0 errors" in output
    _build_ok(root, tmp_path / "out")
    assert (tmp_path / "out" / "sub-en.docx").exists()


def test_right_to_left_override_is_a_warning(tmp_path: Path) -> None:
    """U+202E can disguise text ("gnp.exe" shown for "exe.png"): warn, but do not refuse."""
    root = write_submission(tmp_path / "sub", {
        **BASE, EXTRA: extra('"Order \u202eNO 15\u202c of the prosecutor."')})
    code, output = _invoke(["check", str(root)])
    assert code == 0, output
    warnings = [line for line in output.splitlines() if "U+202E" in line]
    assert len(warnings) == 1, output
    assert "sections/30-extra.yaml:5" in warnings[0] and "warning:" in warnings[0]
    assert "RIGHT-TO-LEFT OVERRIDE" in warnings[0]
    assert "U+202C" not in output  # one warning per text is enough
    assert "U+202E" in _build_ok(root, tmp_path / "out")  # build repeats the warning


def test_plain_rtl_marks_are_accepted(tmp_path: Path) -> None:
    """U+200F (RIGHT-TO-LEFT MARK) only steers neutral characters: no warning."""
    root = write_submission(tmp_path / "sub", {
        **BASE, EXTRA: extra('"A quotation \u200fin Hebrew \u05e9\u05dc\u05d5\u05dd."')})
    code, output = _invoke(["check", str(root)])
    assert code == 0 and "warning:" not in output, output


def test_one_megabyte_paragraph_builds(tmp_path: Path) -> None:
    """1 MB of text in one paragraph: checked and built within seconds, nothing lost."""
    sentence = "Detainees were denied a lawyer during the first hours of custody. "
    text = sentence * (2**20 // len(sentence) + 1)
    assert len(text) > 2**20
    root = write_submission(tmp_path / "sub", {
        **BASE, EXTRA: extra(text + "[@kibhr-2015]")})
    code, output = _invoke(["check", str(root)])
    # the only complaint is the mechanism's word limit (with file and a way out)
    assert code == 1, output
    assert _error_count(output) == 1 and "word" in output.lower(), output
    output = _build_ok(root, tmp_path / "out")
    assert "built anyway" in output
    body = _body_text(tmp_path / "out" / "sub-en.docx")
    assert body.count("Detainees were denied a lawyer") == text.count(
        "Detainees were denied a lawyer")


def test_100k_character_line_builds(tmp_path: Path) -> None:
    word = "x" * 100_000  # one line, one "word": no space to break at
    root = write_submission(tmp_path / "sub", {**BASE, EXTRA: extra(f"Start {word} end.")})
    code, output = _invoke(["check", str(root)])
    assert code == 0, output
    _build_ok(root, tmp_path / "out")
    assert word in _body_text(tmp_path / "out" / "sub-en.docx")


def test_jinja_in_content_stays_literal(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", {
        **BASE,
        EXTRA: extra('"Sum: {{ 7*7 }}; loop: {% for x in range(3) %}{{ x }}{% endfor %}."')})
    sub = root / "submission.yaml"
    sub.write_text(sub.read_text(encoding="utf-8").replace(
        "title: Test submission", "title: 'Report {{ 7*7 }}'").replace(
        "place: Almaty", "place: '{{ config }}'"), encoding="utf-8")
    code, output = _invoke(["check", str(root)])
    assert code == 0, output
    _build_ok(root, tmp_path / "out")
    path = tmp_path / "out" / "sub-en.docx"
    body = _body_text(path)
    assert "Sum: {{ 7*7 }}; loop: {% for x in range(3) %}{{ x }}{% endfor %}." in body
    assert "Report {{ 7*7 }}" in body
    assert "{{ config }}" in body
    assert "49" not in body and "012" not in body
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "{{ 7*7 }}" in xml and "49" not in re.sub(r"<[^>]+>", "", xml)


def test_template_sandbox_blocks_at_render_time(tmp_path: Path) -> None:
    """Even a template that slipped past the check cannot run code: the sandbox stops it."""
    from toolkit.i18n.messages import get_translator
    from toolkit.layout.wording import Wording
    from toolkit.model.diagnostics import UserError

    marker = tmp_path / "pwned"
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "wording.j2").write_text(
        "{% macro cover(m) %}{{ cycler.__init__.__globals__.os.system('touch "
        + str(marker) + "') }}{% endmacro %}", encoding="utf-8")
    wording_ = Wording(get_translator("en"), tmp_path)
    with pytest.raises(UserError) as info:
        wording_.render("cover", {})
    assert not marker.exists()
    message = str(info.value)
    assert "wording.j2:1" in message and "unsafe" in message and "Traceback" not in message


@pytest.mark.parametrize("line, error", [
    ("{{ 1 / 0 }}{% endcall %}", "template error in macro 'cover': division by zero"),
    ("{{ m.nothing }}{% endcall %}", "template error in macro 'cover': 'dict object' has no "
                                    "attribute 'nothing'"),
])
def test_template_runtime_errors_stop_the_build(tmp_path: Path, line: str, error: str) -> None:
    """Mistakes that only show when a macro runs: check cannot see them, build names the line."""
    root = write_submission(tmp_path / "sub", BASE)
    wording("{{ m.state_formal_name }}{% endcall %}", line)(root)
    out = tmp_path / "out"
    code, output = _invoke(["build", str(root), "--out", str(out)])
    assert code == 1, output
    assert f"templates/wording.j2:{COVER_STATE}:1: {error}" in output
    assert _error_count(output) == 1
    assert not out.exists() or not any(out.iterdir())


def test_reference_doc_from_template_export_is_accepted(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", BASE)
    shutil.copy(REFERENCE_DOCX, root / "styles.docx")
    add_reference_doc()(root)
    code, output = _invoke(["check", str(root)])
    assert code == 0, output
    _build_ok(root, tmp_path / "out")


def test_catalogue_fixtures_are_used() -> None:
    stored = {p.name for p in BAD.iterdir() if p.is_file()}
    source = Path(__file__).read_text(encoding="utf-8")
    assert stored and all(f'"{name}"' in source for name in stored), stored
