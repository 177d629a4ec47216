"""Nothing lost: markup survives the DOCX, builds are atomic, user files are never touched."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE, write_submission
from tests.docx_inspect import read_docx
from tests.test_large import large_submission
from toolkit.pipeline import build

WORDS = st.sampled_from(["torture", "court", "Almaty", "detention", "lawyer", "2015",
                         "journalists", "Қазақстан", "суд", "*", "5", "{{", "x}}", "%", "&",
                         "<tag>", "“quoted”", "a_b", "e-mail", "info@example.org"])


def _escape(word: str) -> str:
    return re.sub(r"([\\*^\[\]@<`{}_()])", r"\\\1", word)


@st.composite
def paragraph_markup(draw: st.DrawFn) -> tuple[str, list[str], int, int]:
    """Markup text, the words a reader should see, the footnotes and links it holds."""
    parts: list[str] = []
    visible: list[str] = []
    notes = links = 0
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["word", "word", "word", "emph", "strong", "note", "ref",
                                     "cite", "link"]))
        word = draw(WORDS)
        if kind == "word":
            parts.append(_escape(word))
            visible.append(word)
        elif kind == "emph":
            parts.append(f"*{_escape(word)}*")
            visible.append(word)
        elif kind == "strong":
            parts.append(f"**{_escape(word)}**")
            visible.append(word)
        elif kind == "note":
            parts.append(f"^[{_escape(word)} see @rec:target]")
            notes += 1
            links += 1
        elif kind == "ref":
            parts.append("@rec:target")
            visible += ["recommendation", "1"]
            links += 1
        elif kind == "cite":
            parts.append("[@src, p. 3]")
            notes += 1
        else:
            parts.append(f"[{_escape(word)}](https://example.org/x)")
            visible.append(word)
    return " ".join(parts), visible, notes, links


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(paragraph_markup())
def test_markup_survives_the_docx(tmp_path_factory, case) -> None:
    text, visible, notes, links = case
    root = tmp_path_factory.mktemp("prop") / "sub"
    section = {"id": "art7", "kind": "article", "articles": ["7"],
               "paragraphs": [{"text": text}],
               "recommendations": [{"id": "target", "text": "Ensure access to a lawyer."}]}
    write_submission(root, {"sections/01.yaml": yaml.safe_dump(section, allow_unicode=True),
                            "sources.yaml": "src:\n  citation: Source, *Report* (2015)\n"})
    paths, _, _ = build(root, ["en"], root / "out")
    doc = read_docx(paths[0])
    body = [p for p in doc.styled("BodyNumbered")][0]
    seen = body.text.split("\t", 1)[1]
    plain = re.sub(r"\s+", " ", seen)
    for word in visible:
        core = word.strip("“”")
        # a reference that opens the text opens with a capital ("Recommendation 1 …")
        assert core in plain or core[:1].upper() + core[1:] in plain, (core, plain, text)
    assert len(body.footnote_refs) == notes
    assert len(doc.footnotes) == notes
    internal = len(body.links) + len(doc.footnote_links)
    assert internal == links


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "build" not in p.parts}


def test_build_and_update_never_touch_user_files(example_copy: Path, tmp_path: Path) -> None:
    before = _tree_digest(example_copy)
    yaml_before = {k: v for k, v in before.items() if not k.startswith("locales")}
    build(example_copy, ["en"], tmp_path / "out")
    from toolkit.i18n.merge import update_catalogue

    update_catalogue(example_copy, "ru")
    after = _tree_digest(example_copy)
    assert {k: v for k, v in after.items() if not k.startswith("locales")} == yaml_before
    assert after == before  # an update with no source change rewrites nothing


def test_killed_build_leaves_previous_output_intact(tmp_path: Path) -> None:
    root = large_submission(tmp_path / "large")
    out = tmp_path / "out"
    build(root, ["en"], out)
    target = out / "large-en.docx"
    previous = target.read_bytes()
    sub = root / "submission.yaml"
    sub.write_text(sub.read_text().replace("Test submission", "Changed title"))
    for delay in (0.3, 0.8, 1.5):
        proc = subprocess.Popen([sys.executable, "-m", "toolkit.cli.main", "build", str(root),
                                 "--lang", "en", "--out", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        data = target.read_bytes()
        assert data == previous or zipfile.ZipFile(target).testzip() is None
        with zipfile.ZipFile(target) as z:  # whichever it is, it is a whole document
            assert "word/footnotes.xml" in z.namelist()
    po = EXAMPLE / "locales" / "ru.po"
    assert po.read_bytes().startswith(b"# ")


def test_concurrent_builds_do_not_corrupt_each_other(tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "toolkit.cli.main", "build", str(EXAMPLE),
                               "--lang", "en", "--out", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    reference = build(EXAMPLE, ["en"], tmp_path / "ref")[0][0].read_bytes()
    assert (out / "kaz-iccpr-2016-en.docx").read_bytes() == reference
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
