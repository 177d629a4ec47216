"""``toolkit redline``: Word tracked changes between two drafts of a submission.

The promise tested through LibreOffice (UNO): accepting every change gives the later
draft's text, rejecting every change gives the earlier draft's (numbers aside: they are
computed, so a renumbered paragraph shows its new number either way). The test repository
is the example submission committed, then edited the way coalitions edit drafts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.docx_inspect import schema_errors
from toolkit.cli.main import app
from toolkit.layout import blocks as lb
from toolkit.layout.redline import redline as merge
from toolkit.write import finalize as fin

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()
needs_libreoffice = pytest.mark.skipif(
    not fin.libreoffice_available(),
    reason=f"LibreOffice with python3-uno not installed: {fin.INSTALL_HINT}")

RU_OLD = "Вместо того чтобы выполнить рекомендацию Комитета"
RU_NEW = "Вместо того чтобы исполнить рекомендацию Комитета"


# --------------------------------------------------------------------------- the repository

def git(repo: Path, *args: str, date: str = "2026-03-01T10:00:00+05:00", user: str = "Aigerim"
        ) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    done = subprocess.run(["git", "-c", f"user.name={user}", "-c", "user.email=x@example.org",
                           *args], cwd=repo, env=env, capture_output=True, check=True)
    return done.stdout.decode()


def _section(root: Path, name: str) -> dict:
    return yaml.safe_load((root / "sections" / name).read_text(encoding="utf-8"))


def _write(root: Path, name: str, data: dict) -> None:
    (root / "sections" / name).write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def first_draft(root: Path) -> None:
    """The example with a table of the content (the example has none of its own)."""
    data = _section(root, "40-art09.yaml")
    data["paragraphs"].insert(1, {"id": "detention-table", "table": {
        "caption": "Detention in figures", "header": ["Year", "Arrests", "Released"],
        "rows": [["2014", "1 200", "40"], ["2015", "1 350", "55"]]}})
    _write(root, "40-art09.yaml", data)


def second_draft(root: Path) -> None:
    """Words changed in a paragraph and its footnote; a recommendation inserted before the
    others (every later number shifts), a paragraph deleted, one moved."""
    data = _section(root, "30-art07.yaml")
    paras = {p["id"]: p for p in data["paragraphs"]}
    text = paras["torture-definition"]["text"]
    paras["torture-definition"]["text"] = text.replace(
        "a wider range of perpetrators", "a much broader range of perpetrators").replace(
        "27 February 2008", "28 February 2008")
    data["paragraphs"].remove(paras["compensation"])
    data["paragraphs"].remove(paras["court-reaction"])
    data["paragraphs"].append(paras["court-reaction"])
    data["recommendations"].insert(0, {
        "id": "new-first",
        "text": "Establish a fully independent body to investigate every complaint of torture."})
    _write(root, "30-art07.yaml", data)


def third_draft(root: Path) -> None:
    """Table cells changed; a Russian translation edited (by someone else, later)."""
    table = _section(root, "40-art09.yaml")
    table["paragraphs"][1]["table"]["rows"][0][1] = "1 250 arrests"
    table["paragraphs"][1]["table"]["rows"][1][2] = "57"
    _write(root, "40-art09.yaml", table)
    po = root / "locales" / "ru.po"
    text = po.read_text(encoding="utf-8")
    assert text.count(RU_OLD) == 1
    po.write_text(text.replace(RU_OLD, RU_NEW), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository: the submission in ``sub/``, two commits by two people."""
    if shutil.which("git") is None:
        assert not os.environ.get("CI"), "git is needed"
        pytest.skip("git not installed")
    top = tmp_path_factory.mktemp("redline-repo")
    git(top, "init", "-q")
    sub = top / "sub"
    shutil.copytree(EXAMPLE, sub, ignore=shutil.ignore_patterns("build"))
    first_draft(sub)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "first draft")
    second_draft(sub)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "second draft", date="2026-03-05T16:30:00+05:00", user="Bolat")
    third_draft(sub)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "third draft", date="2026-03-07T09:00:00+05:00", user="Chingiz")
    return sub


@pytest.fixture(scope="module")
def outputs(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The redline in en and ru, and the plain builds of both drafts."""
    from toolkit.pipeline import build
    from toolkit.redline import GitRepository

    out = tmp_path_factory.mktemp("redline-out")
    old = GitRepository(repo).extract(GitRepository(repo).commit("HEAD~2"), out / "old")
    files: dict[str, Path] = {}
    for lang in ("en", "ru"):
        result = runner.invoke(app, ["redline", str(repo), "--from", "HEAD~2", "--to", "HEAD",
                                     "--lang", lang, "--draft", "--out", str(out),
                                     "--format", "docx,html"])
        assert result.exit_code == 0, result.output
        files[f"redline-{lang}"] = out / f"sub-{lang}-redline.docx"
        files[f"html-{lang}"] = out / f"sub-{lang}-redline.html"
        for name, root in (("from", old), ("to", repo)):
            paths, _, _ = build(root, [lang], out / f"{name}-{lang}", draft=True)
            files[f"{name}-{lang}"] = paths[0]
    return files


# --------------------------------------------------------------------------- the DOCX

def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def _texts(root: etree._Element, kind: str) -> list[str]:
    tag = "delText" if kind == "del" else "t"
    return ["".join(t.text or "" for t in change.iter(f"{W}{tag}"))
            for change in root.iter(f"{W}{kind}") if change.getparent().tag != f"{W}rPr"]


def test_redline_is_valid_and_marks_the_changes(outputs: dict[str, Path]) -> None:
    path = outputs["redline-en"]
    errors = schema_errors(path)
    assert not errors, errors[:5]
    body = _xml(path, "word/document.xml")
    notes = _xml(path, "word/footnotes.xml")
    changes = [*body.iter(f"{W}ins", f"{W}del"), *notes.iter(f"{W}ins", f"{W}del")]
    ids = [c.get(f"{W}id") for c in changes]
    assert len(ids) == len(set(ids)) and all(ids)
    # author and date of the last commit that changed the file a change came from, in UTC
    assert {(c.get(f"{W}author"), c.get(f"{W}date")) for c in changes} == {
        ("Bolat", "2026-03-05T11:30:00Z"), ("Chingiz", "2026-03-07T04:00:00Z")}
    by = {c.get(f"{W}author"): "".join(t.text or "" for t in c.iter(f"{W}t", f"{W}delText"))
          for c in body.iter(f"{W}ins") if c.getparent().tag != f"{W}rPr"
          and "".join(t.text or "" for t in c.iter(f"{W}t")) in ("much broader", "57")}
    assert by == {"Bolat": "much broader", "Chingiz": "57"}
    inserted, deleted = _texts(body, "ins"), _texts(body, "del")
    assert "wider" in deleted and "much broader" in inserted  # words, not the paragraph
    assert "200" in deleted and "250 arrests" in inserted  # a table cell
    assert "57" in inserted and "55" in deleted
    assert any(t.startswith("Establish a fully independent body") for t in inserted)
    assert any(t.startswith("Compensation for torture") for t in deleted)  # deleted paragraph
    moved = "Trial monitoring in drug cases in 2015"
    assert any(t.startswith(moved) for t in deleted) and any(t.startswith(moved)
                                                             for t in inserted)
    # the footnote's words changed inside the footnote
    assert "27" in _texts(notes, "del") and "28" in _texts(notes, "ins")
    # deleted text is w:delText inside w:del only; w:t never inside w:del
    assert not [t for c in body.iter(f"{W}del") for t in c.iter(f"{W}t")]
    assert not [t for t in body.iter(f"{W}delText") if t.getparent().getparent().tag != f"{W}del"]
    # whole paragraphs: their paragraph marks are tracked too
    marks = [m.getparent().getparent().getparent() for m in body.iter(f"{W}ins", f"{W}del")
             if m.getparent().tag == f"{W}rPr" and m.getparent().getparent().tag == f"{W}pPr"]
    assert len(marks) >= 4
    # renumbering is no change: the recommendation after the inserted one is plain "8."
    renumbered = [p for p in body.iter(f"{W}p")
                  if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(
                      "8.Establish an investigative body")]
    assert renumbered and not list(renumbered[0].iter(f"{W}ins", f"{W}del"))


def test_python_docx_reads_the_redline(outputs: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(outputs["redline-ru"]))
    assert document.paragraphs  # opens; its body holds tracked changes in Russian
    body = _xml(outputs["redline-ru"], "word/document.xml")
    assert "выполнить" in _texts(body, "del") and "исполнить" in _texts(body, "ins")
    authors = {c.get(f"{W}author") for c in body.iter(f"{W}ins")
               if "".join(t.text or "" for t in c.iter(f"{W}t")) == "исполнить"}
    assert authors == {"Chingiz"}  # the translator who changed the catalogue


def test_html_redline_marks_changes_with_ins_and_del(outputs: dict[str, Path]) -> None:
    import html5lib

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    page = parser.parse(outputs["html-en"].read_bytes())  # raises on any parse error
    inserted = ["".join(e.itertext()) for e in page.iter("ins")]
    deleted = ["".join(e.itertext()) for e in page.iter("del")]
    assert "much broader" in inserted and "wider" in deleted
    assert "57" in inserted and "27" in deleted and "28" in inserted  # cell, footnote
    assert {e.get("title") for e in [*page.iter("ins"), *page.iter("del")]} == {"Bolat", "Chingiz"}
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids))  # footnotes of both drafts numbered once
    assert any(e.get("class") == "block" for e in page.iter("del"))  # a paragraph gone
    assert any(e.get("class") == "ins" for e in page.iter("tr"))


# --------------------------------------------------------------------------- LibreOffice

_NUMBER = re.compile(r"\d+")


def _uno_texts(jobs: list[str], work: Path) -> dict[str, dict[str, list[str]]]:
    soffice = fin._find_soffice()
    python = fin._find_uno_python(soffice)
    assert soffice and python
    out = work / "texts.json"
    subprocess.run([python, str(Path(__file__).with_name("uno_text.py")), "--soffice", soffice,
                    "--profile", str(work / "profile"),
                    "--pipe", f"toolkit_redline_{os.getpid()}_{time.time_ns()}", str(out),
                    *jobs], check=True, env=fin._helper_env(), timeout=600, cwd=work)
    return json.loads(out.read_text(encoding="utf-8"))


def upr_drafts(tmp_path: Path) -> dict[str, Path]:
    """The UPR example and an edit of it (a recommendation inserted, a paragraph with a
    footnote deleted, words added), compared folder to folder; and both drafts built."""
    from toolkit.pipeline import build

    old, new = tmp_path / "upr-old", tmp_path / "kaz-upr-2024"
    example = EXAMPLE.parent / "kaz-upr-2024"
    for root in (old, new):
        shutil.copytree(example, root, ignore=shutil.ignore_patterns("build"))
    data = _section(new, "20-constitutional.yaml")
    data["recommendations"].insert(0, {"id": "brand-new", "text": "Publish every pending "
                                       "application to the Constitutional Court in a month."})
    data["paragraphs"].pop(1)
    _write(new, "20-constitutional.yaml", data)
    torture = _section(new, "30-torture.yaml")
    torture["paragraphs"][0]["text"] = "In short, " + torture["paragraphs"][0]["text"]
    _write(new, "30-torture.yaml", torture)
    out = tmp_path / "upr-out"
    result = runner.invoke(app, ["redline", str(new), "--from-dir", str(old), "--lang", "en",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {"redline-upr": out / "kaz-upr-2024-en-redline.docx",
            "from-upr": build(old, ["en"], out / "from")[0][0],
            "to-upr": build(new, ["en"], out / "to")[0][0]}


@needs_libreoffice
def test_accept_all_gives_the_new_draft_reject_all_the_old(
        outputs: dict[str, Path], tmp_path: Path) -> None:
    files = {**outputs, **upr_drafts(tmp_path)}
    jobs = []
    for lang in ("en", "ru", "upr"):
        redline = files[f"redline-{lang}"]
        jobs += [f"accept:{redline}", f"reject:{redline}", f"plain:{files[f'from-{lang}']}",
                 f"plain:{files[f'to-{lang}']}"]
    texts = _uno_texts(jobs, tmp_path)  # one LibreOffice for all
    for lang, index in (("en", 0), ("ru", 4), ("upr", 8)):
        accepted, rejected, old, new = (texts[job] for job in jobs[index:index + 4])
        assert accepted["redlines"][0] >= 5  # LibreOffice saw the tracked changes
        assert accepted["redlines"][1] == rejected["redlines"][1] == 0
        assert accepted["paragraphs"] == new["paragraphs"], lang
        assert accepted["footnotes"] == new["footnotes"], lang
        assert accepted["paragraphs"] != old["paragraphs"]
        # the numbers are the new ones either way (computed, not content): masked
        def masked(items: list[str]) -> list[str]:
            return [_NUMBER.sub("#", item) for item in items]
        assert masked(rejected["paragraphs"]) == masked(old["paragraphs"]), lang
        assert masked(rejected["footnotes"]) == masked(old["footnotes"]), lang
        assert rejected["paragraphs"] != old["paragraphs"]  # renumbered, not restored


# --------------------------------------------------------------------------- the tree

REV_INS = lb.Revision("ins", "A", "2026-01-01T00:00:00Z")
REV_DEL = lb.Revision("del", "A", "2026-01-01T00:00:00Z")


def _doc(blocks: list[lb.Block]) -> lb.LayoutDocument:
    return lb.LayoutDocument("en", "en-GB", lb.Properties("t", "a", "s", "k", "2026-01-01"),
                             "", "", None, blocks)


def _para(number: int, key: str, text: str, *inlines: lb.Inline) -> lb.NumberedParagraph:
    return lb.NumberedParagraph(str(number), [lb.Text(text), *inlines],
                                anchor=f"para_{number}", key=key)


def _changed(nodes: list[lb.Inline]) -> list[lb.Changed]:
    found = []
    for node in nodes:
        if isinstance(node, lb.Changed):
            found.append(node)
        elif not isinstance(node, lb.Text):
            found += _changed(node.children)
    return found


def test_renumbered_paragraph_and_its_references_are_not_changes() -> None:
    old = _doc([_para(1, "para:a", "Alpha text."),
                _para(2, "para:b", "See ", lb.Link([lb.Text("para. 1")], anchor="para_1"))])
    new = _doc([_para(1, "para:new", "New text."), _para(2, "para:a", "Alpha text."),
                _para(3, "para:b", "See ", lb.Link([lb.Text("para. 2")], anchor="para_2"))])
    merged = merge(old, new, inserted=REV_INS, deleted=REV_DEL).blocks
    assert isinstance(merged[0], lb.ChangedBlock) and merged[0].revision.kind == "ins"
    assert [b.number for b in merged[1:]] == ["2", "3"]  # type: ignore[union-attr]
    assert not _changed(merged[1].inlines) and not _changed(merged[2].inlines)  # type: ignore[union-attr]


def test_moved_paragraph_is_deleted_and_inserted_and_footnote_diffed_inside() -> None:
    note_old = lb.Note(1, [lb.Text("Law of 2008.")])
    note_new = lb.Note(1, [lb.Text("Law of 2009.")])
    old = _doc([_para(1, "para:a", "First.", note_old), _para(2, "para:b", "Second.")])
    new = _doc([_para(1, "para:b", "Second."), _para(2, "para:a", "First.", note_new)])
    merged = merge(old, new, inserted=REV_INS, deleted=REV_DEL).blocks
    kinds = [b.revision.kind if isinstance(b, lb.ChangedBlock) else None for b in merged]
    assert sorted(k for k in kinds if k) == ["del", "ins"] and None in kinds
    edited = lb.Note(1, [lb.Text("x")])
    old2 = _doc([_para(1, "para:a", "Text.", note_old)])
    new2 = _doc([_para(1, "para:a", "Text.", note_new, edited)])
    para = merge(old2, new2, inserted=REV_INS, deleted=REV_DEL).blocks[0]
    notes = [n for n in para.inlines if isinstance(n, lb.Note)]  # type: ignore[union-attr]
    assert [(c.revision.kind, lb.plain(c.children)) for c in _changed(notes[0].children)] \
        == [("del", "2008"), ("ins", "2009")]
    added = [n for n in para.inlines if isinstance(n, lb.Changed)]  # type: ignore[union-attr]
    assert len(added) == 1 and isinstance(added[0].children[0], lb.Note)


def test_list_item_added_and_list_given_to_a_paragraph() -> None:
    items = lb.ListBlock("lettered", [[lb.Text("one")], [lb.Text("two")]])
    more = lb.ListBlock("lettered", [[lb.Text("one")], [lb.Text("new")], [lb.Text("two")]])
    old = _doc([_para(1, "para:a", "Lead:"), _para(2, "para:b", "Lead:")])
    old.blocks[0].list = items  # type: ignore[union-attr]
    new = _doc([_para(1, "para:a", "Lead:"), _para(2, "para:b", "Lead:")])
    new.blocks[0].list = more  # type: ignore[union-attr]
    new.blocks[1].list = lb.ListBlock("bullet", [[lb.Text("x")]])  # type: ignore[union-attr]
    first, second = merge(old, new, inserted=REV_INS, deleted=REV_DEL).blocks
    assert [r and r.kind for r in first.list.item_revisions] == [None, "ins", None]  # type: ignore[union-attr]
    assert not isinstance(second, lb.ChangedBlock)  # the paragraph stays, its item is new
    assert [r and r.kind for r in second.list.item_revisions] == ["ins"]  # type: ignore[union-attr]


# --------------------------------------------------------------------------- errors

def test_unknown_revision_is_one_message_and_nothing_written(repo: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["redline", str(repo), "--from", "no-such-rev",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no-such-rev" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    option = runner.invoke(app, ["redline", str(repo), "--from", "--upload-pack=x",
                                 "--out", str(tmp_path / "out")])
    assert option.exit_code in (1, 2) and not (tmp_path / "out").exists()


def test_folder_outside_git_is_one_message(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    shutil.copytree(EXAMPLE, sub, ignore=shutil.ignore_patterns("build"))
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = runner.invoke(app, ["redline", str(sub), "--from", "HEAD"], env=env)
    assert result.exit_code == 1, result.output
    assert str(sub) in result.output and not (sub / "build").exists()


def test_errors_of_the_earlier_revision_name_it(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    sub = top / "sub"
    shutil.copytree(EXAMPLE, sub, ignore=shutil.ignore_patterns("build"))
    section = sub / "sections" / "30-art07.yaml"
    good = section.read_text(encoding="utf-8")
    section.write_text("id: art7\nparagraphs: [\n", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "broken")
    section.write_text(good, encoding="utf-8")
    git(top, "commit", "-qam", "fixed")
    result = runner.invoke(app, ["redline", str(sub), "--from", "HEAD~1",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "HEAD~1:sub/sections/30-art07.yaml:" in result.output  # not a scratch folder
    assert not (tmp_path / "out").exists()


def test_git_not_installed_is_one_message(repo: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["redline", str(repo), "--from", "HEAD~1",
                                 "--out", str(tmp_path / "out")], env={"PATH": str(tmp_path)})
    assert result.exit_code == 1 and "git" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_output_path_problem_and_usage(repo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["redline", str(repo), "--from", "HEAD~2", "--to", "HEAD",
                                 "--out", str(blocker)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert blocker.read_text() == "not a folder"
    assert runner.invoke(app, ["redline", str(repo)]).exit_code == 2
    assert runner.invoke(app, ["redline", str(repo), "--from", "HEAD",
                               "--from-dir", str(repo)]).exit_code == 2


def test_from_dir_compares_with_a_folder(tmp_path: Path) -> None:
    old = tmp_path / "old"
    new = tmp_path / "new"
    for root in (old, new):
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
        first_draft(root)
    second_draft(new)
    third_draft(new)
    result = runner.invoke(app, ["redline", str(new), "--from-dir", str(old), "--lang", "en",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    body = _xml(tmp_path / "out" / "new-en-redline.docx", "word/document.xml")
    assert "wider" in _texts(body, "del") and "much broader" in _texts(body, "ins")


def test_table_removed_as_a_whole_has_every_row_deleted(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for root in (old, new):
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    first_draft(old)  # the table is only in the earlier draft
    result = runner.invoke(app, ["redline", str(new), "--from-dir", str(old), "--lang", "en",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "new-en-redline.docx"
    assert not schema_errors(path)
    body = _xml(path, "word/document.xml")
    tables = [t for t in body.iter(f"{W}tbl")
              if "Arrests" in "".join(x.text or "" for x in t.iter(f"{W}delText"))]
    assert len(tables) == 1
    rows = list(tables[0].iter(f"{W}tr"))
    assert len(rows) == 3 and all(r.find(f"{W}trPr/{W}del") is not None for r in rows)
    assert not list(tables[0].iter(f"{W}t"))  # every word in it deleted


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
