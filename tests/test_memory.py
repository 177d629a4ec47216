"""Translation memory (``toolkit i18n update --memory``): the two example submissions share
one memory. Catalogues are read back with translate-toolkit's PO reader and msgfmt, not
with the toolkit's own reader."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from translate.storage import pypo
from typer.testing import CliRunner

from tests.conftest import ROOT
from toolkit.cli.main import app
from toolkit.i18n.memory import NEAR, MemoryEntry, TranslationMemory

runner = CliRunner()
CCPR = ROOT / "submissions" / "kaz-iccpr-2016"
UPR = ROOT / "submissions" / "kaz-upr-2024"


def units(path: Path) -> dict[str, pypo.pounit]:
    store = pypo.pofile.parsefile(str(path))
    return {u.getcontext(): u for u in store.units if not u.isheader() and not u.isobsolete()}


def memory_notes(unit: pypo.pounit) -> list[str]:
    return [n for n in unit.getnotes("developer").split("\n") if n.startswith("memory:")]


@pytest.fixture
def blank_upr(tmp_path: Path) -> Path:
    """The UPR example with no catalogues yet: a translator's first day on it."""
    root = tmp_path / "kaz-upr-2024"
    shutil.copytree(UPR, root)
    for po in (root / "locales").glob("*.po"):
        po.unlink()
    return root


def update(*args: str | Path) -> object:
    return runner.invoke(app, ["i18n", "update", *map(str, args)])


def test_exact_and_near_matches_from_the_ccpr_submission(blank_upr: Path) -> None:
    result = update(blank_upr, "--memory", CCPR)
    assert result.exit_code == 0, result.output
    old = units(CCPR / "locales" / "ru.po")
    new = units(blank_upr / "locales" / "ru.po")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", blank_upr / "locales" / "ru.po"],
                   check=True)

    # exact: the coalition member's name, translated word for word, not fuzzy
    kibhr = new["coalition/kibhr"]
    assert kibhr.target == old["coalition/kibhr"].target != ""
    assert not kibhr.isfuzzy()
    assert memory_notes(kibhr) == ["memory: kaz-iccpr-2016"]

    # near: the Criminal Code of 2014, cited with other amendments in 2024
    code = new["source/criminal-code"]
    assert code.isfuzzy()
    [was] = [u for u in old.values() if u.source == code.prev_source]
    assert code.target == was.target != "" and code.prev_source != code.source
    assert code.prev_source.startswith("*Criminal Code of the Republic of Kazakhstan*")
    [note] = memory_notes(code)
    score = int(re.fullmatch(r"memory: (\d+)% kaz-iccpr-2016", note).group(1))
    assert 75 <= score < 100

    # nothing like it in the memory: left for the translator
    assert new["place"].target == "" and not memory_notes(new["place"])
    fuzzy = [c for c, u in new.items() if u.isfuzzy()]
    exact = [c for c, u in new.items() if u.target and not u.isfuzzy()]
    assert len(exact) == 6
    assert {"source/criminal-code", "source/admin-code", "source/ccpr-co2",
            "source/adilsoz-monitoring"} <= set(fuzzy)
    for ctx in fuzzy:  # every near match is at least 75 % and names its origin
        [note] = memory_notes(new[ctx])
        assert int(re.search(r"(\d+)%", note).group(1)) >= 75


def test_the_shipped_upr_catalogues_agree_with_the_shared_memory(blank_upr: Path) -> None:
    """The UPR catalogues were seeded from the CCPR ones: every sentence the two reports
    share is translated the same way in both."""
    assert update(blank_upr, "--memory", CCPR).exit_code == 0
    for lang in ("ru", "kk"):
        seeded = units(blank_upr / "locales" / f"{lang}.po")
        shipped = units(UPR / "locales" / f"{lang}.po")
        exact = {c: u for c, u in seeded.items() if u.target and not u.isfuzzy()}
        assert len(exact) == 6
        for ctx, unit in exact.items():
            assert shipped[ctx].target == unit.target, ctx


def test_translated_and_fuzzy_entries_are_never_overwritten(tmp_path: Path) -> None:
    root = tmp_path / "kaz-upr-2024"
    shutil.copytree(UPR, root)
    po = root / "locales" / "ru.po"
    text = po.read_text(encoding="utf-8")
    # the translator's own wording of a shared name, and their own fuzzy draft of a source
    text = text.replace('msgstr "Хартия за права человека"', 'msgstr "Хартия прав человека"')
    text = re.sub(r'(msgctxt "source/criminal-code"\nmsgid "(?:[^"\\]|\\.)*"\nmsgstr )"[^"]*"',
                  r'\1"Мой черновик"', text)
    text = text.replace('msgctxt "source/criminal-code"',
                        '#, fuzzy\nmsgctxt "source/criminal-code"')
    po.write_text(text, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (root / "locales").glob("*.po")}
    result = update(root, "--memory", CCPR)
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (root / "locales").glob("*.po")} == before
    assert "0 exact, 0 near" in result.output


def test_memory_note_stays_while_the_entry_stays(blank_upr: Path) -> None:
    assert update(blank_upr, "--memory", CCPR).exit_code == 0
    po = blank_upr / "locales" / "kk.po"
    first = po.read_bytes()
    result = update(blank_upr)  # no memory this time: nothing to change
    assert result.exit_code == 0, result.output
    assert po.read_bytes() == first


def test_memory_from_a_po_file_and_a_folder_of_submissions(tmp_path: Path,
                                                          blank_upr: Path) -> None:
    memory = tmp_path / "old-ru.po"
    shutil.copy(CCPR / "locales" / "ru.po", memory)
    assert update(blank_upr, "--lang", "ru", "--memory", memory).exit_code == 0
    from_po = units(blank_upr / "locales" / "ru.po")
    assert memory_notes(from_po["coalition/lprc"]) == ["memory: kaz-iccpr-2016"]

    for po in (blank_upr / "locales").glob("*.po"):
        po.unlink()
    # the folder holding both examples: the UPR one itself knows every one of its texts
    result = update(blank_upr, "--memory", ROOT / "submissions")
    assert result.exit_code == 0, result.output
    seeded = units(blank_upr / "locales" / "kk.po")
    shipped = units(UPR / "locales" / "kk.po")
    assert all(u.target == shipped[c].target for c, u in seeded.items() if not u.isfuzzy())


def test_a_memory_that_cannot_be_read_is_a_user_error(blank_upr: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.tmx"
    result = update(blank_upr, "--memory", missing)
    assert result.exit_code == 1
    assert str(missing) in result.output and "Traceback" not in result.output
    assert not (blank_upr / "locales" / "ru.po").exists()

    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    result = update(blank_upr, "--memory", broken)
    assert result.exit_code == 1
    assert f"{broken}:3" in result.output
    assert not (blank_upr / "locales" / "ru.po").exists()


def _entry(source: str, target: str = "t") -> MemoryEntry:
    return MemoryEntry(source, target, "origin", "en", "ru")


def test_near_match_threshold_and_best_candidate() -> None:
    base = "The State party should ensure that all allegations of torture are investigated"
    memory = TranslationMemory.build([
        _entry("Something else entirely about freedom of assembly and the media"),
        _entry(base + " promptly and impartially", "best"),
        _entry("The State party should ensure that all allegations are heard", "weaker"),
    ] + [_entry(f"Filler sentence number {i} about the State party") for i in range(2000)])
    score, hit = memory.near(base + " promptly")
    assert hit.target == "best" and NEAR <= score < 1
    assert memory.near("Freedom of assembly in Almaty and Astana in 2022") is None
    assert memory.exact(base + " promptly and impartially").target == "best"
    assert memory.exact(base) is None


# --------------------------------------------------------------------------- TMX

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def reviewed(path: Path) -> dict[str, pypo.pounit]:
    return {c: u for c, u in units(path).items() if u.target and not u.isfuzzy()}


def test_export_memory_writes_tmx_of_every_reviewed_translation(tmp_path: Path) -> None:
    from lxml import etree
    from translate.storage import tmx

    ccpr = tmp_path / "kaz-iccpr-2016"
    shutil.copytree(CCPR, ccpr)
    po = ccpr / "locales" / "ru.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgctxt "place"', '#, fuzzy\nmsgctxt "place"'), encoding="utf-8")
    out = tmp_path / "memory.tmx"
    result = runner.invoke(app, ["i18n", "export-memory", str(ccpr), str(UPR),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output

    root = etree.parse(str(out)).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "en"
    assert {"creationtool", "segtype", "o-tmf", "adminlang", "datatype"} <= set(header.keys())
    found: dict[tuple[str, str, str], str] = {}
    for tu in root.iter("tu"):
        props = {p.get("type"): p.text for p in tu.iterfind("prop")}
        texts = {tuv.get(XML_LANG): tuv.findtext("seg") for tu_ in [tu]
                 for tuv in tu_.iterfind("tuv")}
        assert texts["en"] and len(texts) >= 2
        for lang, text in texts.items():
            if lang != "en":
                found[(props["x-origin"], props["x-context"], lang)] = text
    want = {}
    for folder, name in ((ccpr, "kaz-iccpr-2016"), (UPR, "kaz-upr-2024")):
        for lang in ("ru", "kk"):
            for ctx, unit in reviewed(folder / "locales" / f"{lang}.po").items():
                want[(name, ctx, lang)] = unit.target
    assert found == want
    assert ("kaz-iccpr-2016", "place", "ru") not in found  # fuzzy: not a memory
    assert ("kaz-iccpr-2016", "place", "kk") in found

    store = tmx.tmxfile.parsefile(str(out))  # the localisation ecosystem's own reader
    assert len(store.units) == len(list(root.iter("tu")))
    assert {u.source for u in store.units} >= {"Introduction", "Legal Policy Research Centre"}


def test_a_tmx_memory_seeds_like_the_submission_itself(tmp_path: Path,
                                                      blank_upr: Path) -> None:
    out = tmp_path / "memory.tmx"
    assert runner.invoke(app, ["i18n", "export-memory", str(CCPR), "--out",
                               str(out)]).exit_code == 0
    assert update(blank_upr, "--memory", out).exit_code == 0
    from_tmx = {p.name: p.read_bytes() for p in (blank_upr / "locales").glob("*.po")}
    for po in (blank_upr / "locales").glob("*.po"):
        po.unlink()
    assert update(blank_upr, "--memory", CCPR).exit_code == 0
    from_folder = {p.name: p.read_bytes() for p in (blank_upr / "locales").glob("*.po")}
    strip = re.compile(rb'"POT-Creation-Date: [^"]*"')
    assert {k: strip.sub(b"", v) for k, v in from_tmx.items()} == \
        {k: strip.sub(b"", v) for k, v in from_folder.items()}


def test_a_tmx_with_an_external_entity_is_refused(tmp_path: Path, blank_upr: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    evil = tmp_path / "evil.tmx"
    evil.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Astana</seg></tuv><tuv xml:lang="ru"><seg>&x;</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    result = update(blank_upr, "--memory", evil)
    assert result.exit_code == 1
    assert f"{evil}:1" in result.output
    assert "TOP-SECRET" not in result.output
    assert not (blank_upr / "locales" / "ru.po").exists()


def test_export_memory_of_a_folder_of_submissions_and_wrong_folders(tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    result = runner.invoke(app, ["i18n", "export-memory", str(ROOT / "submissions"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    from lxml import etree

    origins = {p.text for p in etree.parse(str(out)).iter("prop")
               if p.get("type") == "x-origin"}
    assert origins == {"kaz-iccpr-2016", "kaz-upr-2024"}
    for wrong in (tmp_path / "nowhere", UPR / "sections"):
        result = runner.invoke(app, ["i18n", "export-memory", str(wrong), "--out",
                                     str(tmp_path / "other.tmx")])
        assert result.exit_code == 1 and str(wrong) in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "other.tmx").exists()
