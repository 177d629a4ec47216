"""The live preview's incremental reading: after any sequence of edits, what a kept
:class:`toolkit.pipeline.Session` gives equals a fresh read of the files as saved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit import pipeline
from toolkit.read import submission as submission_module
from toolkit.read.submission import SubmissionReader, read_submission

LANGS = ("en", "ru")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh(root: Path) -> tuple[pipeline.Loaded, dict[str, bytes]]:
    """A full read, check and HTML render of every language, as a new process does."""
    loaded = pipeline.load(root)
    renders = {}
    if not loaded.diagnostics.errors:
        for lang in LANGS:
            prepared = pipeline.prepare_language(loaded, lang, draft=True)
            layout = pipeline.layout_language(loaded, prepared, lang, draft=True)
            from toolkit.write.html import HtmlWriter

            renders[lang] = HtmlWriter(layout).render()
    return loaded, renders


def origins(loaded: pipeline.Loaded) -> list[tuple[object, ...]]:
    return [(unit, o.yfile.file, o.path, o.text, o.yfile.data)
            for unit, o in loaded.result.origins.items()]


def assert_same(session: pipeline.Session, root: Path) -> None:
    kept = session.load()
    expected, expected_html = fresh(root)
    assert [str(d) for d in kept.diagnostics.items] == \
        [str(d) for d in expected.diagnostics.items]
    assert kept.document == expected.document
    assert origins(kept) == origins(expected)
    if not kept.diagnostics.errors:
        for lang in LANGS:
            assert session.render_html(kept, lang, draft=True) == expected_html[lang], lang


def test_edits_of_every_kind_of_file_give_what_a_fresh_read_gives(example_copy: Path) -> None:
    root = example_copy
    session = pipeline.Session(root)
    assert_same(session, root)
    intro = root / "sections" / "00-introduction.yaml"
    edit(intro, "Six Kazakhstani", "Seven Kazakhstani")  # a section file
    assert_same(session, root)
    edit(root / "sources.yaml", "19 August 2011", "20 August 2011")  # the sources
    assert_same(session, root)
    edit(root / "locales" / "ru.po", 'msgstr "Введение"', 'msgstr "Вступление"')  # a catalogue
    assert_same(session, root)
    edit(intro, "Seven Kazakhstani", "Seven @rec:no-such-recommendation Kazakhstani")  # broken
    assert_same(session, root)
    edit(intro, "Seven @rec:no-such-recommendation Kazakhstani", "Eight Kazakhstani")  # mended
    assert_same(session, root)
    edit(intro, "heading: Introduction", "heading: [Introduction")  # a YAML syntax error
    assert_same(session, root)
    edit(intro, "heading: [Introduction", "heading: Introduction")
    assert_same(session, root)
    (root / "groups.yaml").write_text("bloggers:\n  en: bloggers\n", encoding="utf-8")
    assert_same(session, root)  # the coalition's own groups
    edit(root / "submission.yaml", "languages:", "# a comment moves every line\nlanguages:")
    assert_same(session, root)
    annex = root / "sections" / "90-annex-cases.yaml"
    shutil.move(annex, root / "sections" / "05-annex-cases.yaml")  # renamed: read in order
    assert_same(session, root)
    (root / "sections" / "05-annex-cases.yaml").unlink()  # deleted
    assert_same(session, root)


def test_only_the_changed_file_is_read_again(example_copy: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    reader = SubmissionReader(example_copy)
    first = reader.read()
    loaded: list[str] = []
    real = submission_module.load_yaml

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        loaded.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(submission_module, "load_yaml", counting)
    assert reader.read().document == first.document
    assert loaded == []
    edit(example_copy / "sections" / "30-art07.yaml", "torture", "ill-treatment")
    again = reader.read()
    assert loaded == ["30-art07.yaml"]
    monkeypatch.undo()
    assert again.document == read_submission(example_copy).document
    assert again.document != first.document
