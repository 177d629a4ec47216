"""The glossary as translators and coordinators meet it: ``toolkit check`` finds a required
term in any inflected form (Russian by lemma, Kazakh by stem and suffixes), warns with the
catalogue's line and the source text's line when it is missing, and stops the build on a
forbidden variant; ``--strict`` makes the warnings errors; a broken glossary.yaml is one
message at its line."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.i18n.po import parse_po

runner = CliRunner()
HEADING = "follow-up/heading"  # msgid "Follow-up to the concluding observations of 2011"


def invoke(*args: object) -> tuple[int, str]:
    """Run the CLI as a user would; a traceback fails the test whatever the exit code."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def set_translation(root: Path, lang: str, msgctxt: str, text: str) -> int:
    """Give one entry of locales/<lang>.po a new one-line translation; its msgstr line."""
    path = root / "locales" / f"{lang}.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{msgctxt}"')
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr "))
    end = at + 1
    while end < len(lines) and lines[end].startswith('"'):
        end += 1
    lines[at:end] = [f'msgstr "{text}"']
    path.write_text("\n".join(lines), encoding="utf-8")
    entry = next(e for e in parse_po(path.read_bytes()).entries if e.msgctxt == msgctxt)
    assert entry.msgstr == text
    return entry.msgstr_line


def glossary_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "glossary entry at" in line]


def test_the_examples_follow_the_base_glossary() -> None:
    root = Path(__file__).resolve().parents[1] / "submissions"
    for name in ("kaz-iccpr-2016", "kaz-upr-2024"):
        code, out = invoke("check", root / name, "--strict")
        assert code == 0, out
        assert glossary_lines(out) == [], out


def test_russian_term_found_through_inflection(example_copy: Path) -> None:
    set_translation(example_copy, "ru", HEADING, "Выполнение заключительных замечаний 2011 года")
    code, out = invoke("check", example_copy)
    assert code == 0 and glossary_lines(out) == [], out


def test_missing_russian_term_warns_with_po_and_source_lines(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", HEADING, "Выполнение итоговых замечаний 2011 года")
    code, out = invoke("check", example_copy)
    assert code == 0, out
    found = glossary_lines(out)
    assert len(found) == 1, out
    assert re.search(rf"locales/ru\.po:{line}:\d+: warning: ", found[0]), found[0]
    assert "sections/10-follow-up.yaml:3" in found[0]
    assert "заключительные замечания" in found[0]


def test_strict_makes_the_warning_an_error(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", HEADING, "Выполнение итоговых замечаний 2011 года")
    code, out = invoke("check", example_copy, "--strict")
    assert code == 1, out
    found = glossary_lines(out)
    assert len(found) == 1 and re.search(rf"locales/ru\.po:{line}:\d+: (?!warning)", found[0])


def test_kazakh_term_found_through_suffixes(example_copy: Path) -> None:
    set_translation(example_copy, "kk", HEADING,
                    "2011 жылғы қорытынды ескертпелерде айтылған шаралар")
    code, out = invoke("check", example_copy, "--strict")
    assert code == 0 and glossary_lines(out) == [], out


def test_forbidden_kazakh_variant_inflected_is_an_error(example_copy: Path) -> None:
    line = set_translation(example_copy, "kk", HEADING,
                           "2011 жылғы қорытынды ескертулердің орындалуы")
    code, out = invoke("check", example_copy)
    assert code == 1, out
    found = glossary_lines(out)
    assert len(found) == 1, out
    assert re.search(rf"locales/kk\.po:{line}:\d+: (?!warning).*қорытынды ескертулер.*"
                     "қорытынды ескертпелер", found[0]), found[0]


def test_submission_glossary_overrides_the_base(example_copy: Path) -> None:
    set_translation(example_copy, "ru", HEADING, "Выполнение итоговых замечаний 2011 года")
    (example_copy / "glossary.yaml").write_text(
        "- en: concluding observations\n  ru: [заключительные замечания, итоговые замечания]\n"
        "- en: follow-up\n  ru: последующие меры\n", encoding="utf-8")
    code, out = invoke("check", example_copy)
    found = glossary_lines(out)
    assert code == 0 and found, out  # the added entry is checked; the overridden one is met
    assert all("последующие меры" in line and "glossary.yaml:3:" in line for line in found), out


def test_bad_glossary_is_one_message_at_its_line(example_copy: Path) -> None:
    (example_copy / "glossary.yaml").write_text(
        "- en: concluding observations\n  ru: заключительные замечания\n"
        "- en: list of issues\n  rus: перечень вопросов\n", encoding="utf-8")
    code, out = invoke("check", example_copy)
    assert code == 1
    errors = [line for line in out.splitlines() if re.search(r"glossary\.yaml:\d", line)]
    assert len(errors) == 1 and re.match(r"\S*glossary\.yaml:4:3: ", errors[0]), out


def entry_of(root: Path, lang: str, msgctxt: str):  # noqa: ANN201 - a PoEntry
    po = parse_po((root / "locales" / f"{lang}.po").read_bytes())
    return next(e for e in po.entries if e.msgctxt == msgctxt and not e.obsolete)


def test_update_writes_the_terms_as_comments_once(example_copy: Path) -> None:
    before = entry_of(example_copy, "ru", HEADING)
    # an earlier run's comment that is no longer true, and one doubled by hand
    path = example_copy / "locales" / "ru.po"
    text = path.read_text(encoding="utf-8")
    stale = "#. glossary: concluding observations = заключительные замечания\n"
    text = text.replace(stale, "#. glossary: concluding observations = old term\n" + stale)
    path.write_text(text, encoding="utf-8")
    code, out = invoke("i18n", "update", example_copy, "--lang", "ru")
    assert code == 0, out
    after = entry_of(example_copy, "ru", HEADING)
    assert after.extracted.count(
        "glossary: concluding observations = заключительные замечания") == 1
    assert not any("old term" in c for c in after.extracted)
    assert after.msgstr == before.msgstr and after.flags == before.flags
    body = entry_of(example_copy, "kk", "introduction/purpose")
    assert "glossary: list of issues = мәселелер тізбесі" in body.extracted
    assert "glossary: concluding observations = қорытынды ескертпелер" in body.extracted
    # a second run changes nothing
    data = path.read_bytes()
    code, out = invoke("i18n", "update", example_copy, "--lang", "ru")
    assert code == 0 and "unchanged" in out and path.read_bytes() == data


def test_update_follows_the_submission_glossary(example_copy: Path) -> None:
    (example_copy / "glossary.yaml").write_text(
        "- en: concluding observations\n  ru: итоговые замечания\n", encoding="utf-8")
    code, out = invoke("i18n", "update", example_copy)
    assert code == 0, out
    assert "glossary: concluding observations = итоговые замечания" in \
        entry_of(example_copy, "ru", HEADING).extracted
    assert "glossary: concluding observations = қорытынды ескертпелер" in \
        entry_of(example_copy, "kk", HEADING).extracted


def test_update_refuses_a_bad_glossary_and_writes_nothing(example_copy: Path) -> None:
    (example_copy / "glossary.yaml").write_text("- en: [list, 3]\n  ru: {a: b}\n",
                                                encoding="utf-8")
    po = example_copy / "locales" / "ru.po"
    data = po.read_bytes()
    code, out = invoke("i18n", "update", example_copy)
    assert code == 1 and re.search(r"glossary\.yaml:1:\d+: ", out), out
    assert po.read_bytes() == data


# ---------------------------------------------------------------- TBX

TBX_NS = "{http://www.w3.org/XML/1998/namespace}lang"


def test_export_is_tbx_basic_a_parser_reads(example_copy: Path, tmp_path: Path) -> None:
    from lxml import etree

    out = tmp_path / "glossary.tbx"
    code, text = invoke("i18n", "glossary", "export", example_copy, "--out", out)
    assert code == 0, text
    root = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True))
    martif = root.getroot()
    assert martif.tag == "martif" and martif.get("type") == "TBX-Basic"
    entries = martif.findall("text/body/termEntry")
    assert len(entries) >= 20 and len({e.get("id") for e in entries}) == len(entries)
    concluding = next(e for e in entries
                      if e.findtext("langSet/tig/term") == "concluding observations")
    kk = next(s for s in concluding.findall("langSet") if s.get(TBX_NS) == "kk")
    terms = {tig.findtext("term"): tig.findtext("termNote[@type='administrativeStatus']")
             for tig in kk.findall("tig")}
    assert terms == {"қорытынды ескертпелер": "preferredTerm-admn-sts",
                     "қорытынды ескертулер": "deprecatedTerm-admn-sts"}
    assert concluding.findtext("note") == "UN term; always plural"
    assert concluding.findtext("admin[@type='source']")


def test_tbx_round_trip_keeps_the_users_file(example_copy: Path, tmp_path: Path) -> None:
    from toolkit.read.glossary import load_glossary

    (example_copy / "glossary.yaml").write_text(
        "# our terms\n- en: follow-up  # as the Committee says\n  ru: последующие меры\n"
        "  kk: [қабылданған шаралар, кейінгі шаралар]\n  forbidden: {ru: [контроль]}\n"
        "  note: in headings too\n  kk_checked: false\n", encoding="utf-8")
    tbx = tmp_path / "a.tbx"
    assert invoke("i18n", "glossary", "export", example_copy, "--out", tbx)[0] == 0
    other = tmp_path / "other"
    other.mkdir()
    mine = "# the second report's own terms\n- en: death penalty\n  ru: смертная казнь\n"
    (other / "glossary.yaml").write_text(mine, encoding="utf-8")
    code, out = invoke("i18n", "glossary", "import", other, tbx)
    assert code == 0, out
    written = (other / "glossary.yaml").read_text(encoding="utf-8")
    assert written.startswith(mine)  # nothing the user wrote is rewritten
    imported = {e.key: e for e in load_glossary(other).entries}
    assert imported["death penalty"].forms["ru"] == ("смертная казнь",)
    assert imported["follow-up"].forms == {"en": ("follow-up",), "ru": ("последующие меры",),
                                           "kk": ("қабылданған шаралар", "кейінгі шаралар")}
    assert imported["follow-up"].forbidden == {"ru": ("контроль",)}
    assert imported["follow-up"].note == "in headings too"
    assert imported["follow-up"].kk_checked is False
    source = {e.key: (e.forms, e.forbidden, e.kk_checked)
              for e in load_glossary(example_copy).entries}
    assert {k: v for k, v in ((e.key, (e.forms, e.forbidden, e.kk_checked))
                              for e in imported.values()) if k != "death penalty"} == source
    # a second import, and one into the exporting submission, change nothing
    data = (other / "glossary.yaml").read_bytes()
    assert invoke("i18n", "glossary", "import", other, tbx)[0] == 0
    assert (other / "glossary.yaml").read_bytes() == data
    before = (example_copy / "glossary.yaml").read_bytes()
    assert invoke("i18n", "glossary", "import", example_copy, tbx)[0] == 0
    assert (example_copy / "glossary.yaml").read_bytes() == before


def test_import_keeps_a_differing_entry_and_says_where(example_copy: Path,
                                                       tmp_path: Path) -> None:
    tbx = tmp_path / "a.tbx"
    assert invoke("i18n", "glossary", "export", example_copy, "--out", tbx)[0] == 0
    mine = "- en: list of issues\n  ru: список вопросов\n"
    (example_copy / "glossary.yaml").write_text(mine, encoding="utf-8")
    code, out = invoke("i18n", "glossary", "import", example_copy, tbx)
    assert code == 0
    assert re.search(r"glossary\.yaml:1:\d+: warning: 'list of issues' differs", out), out
    assert (example_copy / "glossary.yaml").read_text(encoding="utf-8") == mine


def test_import_reads_tbx3_and_regional_language_tags(example_copy: Path,
                                                      tmp_path: Path) -> None:
    from toolkit.read.glossary import load_glossary

    tbx = tmp_path / "v3.tbx"
    tbx.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
 <tbxHeader><fileDesc><sourceDesc><p>memoQ</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="x1">
   <langSec xml:lang="en-GB"><termSec><term>enforced disappearance</term></termSec></langSec>
   <langSec xml:lang="ru-RU"><termSec><term>насильственное исчезновение</term></termSec>
    <termSec><term>принудительное исчезновение</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
   </langSec>
   <langSec xml:lang="de"><termSec><term>Verschwindenlassen</term></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>""", encoding="utf-8")
    code, out = invoke("i18n", "glossary", "import", example_copy, tbx)
    assert code == 0, out
    entry = next(e for e in load_glossary(example_copy).entries
                 if e.key == "enforced disappearance")
    assert entry.forms == {"en": ("enforced disappearance",),
                           "ru": ("насильственное исчезновение",)}
    assert entry.forbidden == {"ru": ("принудительное исчезновение",)}


def test_import_refuses_entities_and_non_tbx(example_copy: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil.tbx"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM '
                    '"file:///etc/passwd">]>\n<martif type="TBX-Basic"><text><body><termEntry>'
                    '<langSet xml:lang="en"><tig><term>&x;</term></tig></langSet>'
                    '</termEntry></body></text></martif>\n', encoding="utf-8")
    broken = tmp_path / "broken.tbx"
    broken.write_text('<?xml version="1.0"?>\n<martif>\n<text>\n</martif>\n', encoding="utf-8")
    other = tmp_path / "other.tbx"
    other.write_text('<?xml version="1.0"?>\n<html/>\n', encoding="utf-8")
    for path, line in ((evil, 1), (broken, 4), (other, 2)):
        code, out = invoke("i18n", "glossary", "import", example_copy, path)
        assert code == 1, out
        assert re.search(rf"{path.name}:{line}:\d+: ", out), out
        assert "root:" not in out
        assert not (example_copy / "glossary.yaml").exists()


# ---------------------------------------------------------------- matching, word by word

def test_kazakh_suffixes_follow_vowel_harmony() -> None:
    from toolkit.i18n.kazakh import kazakh_word_matches

    for word, stem in (("ескертпелерде", "ескертпелер"), ("ескертпелерінің", "ескертпелер"),
                       ("мемлекеттен", "мемлекет"), ("шолуға", "шолу"), ("кітабы", "кітап"),
                       ("пактіге", "пакт"), ("конвенцияға", "конвенция"),
                       ("тетігінің", "тетігі")):
        assert kazakh_word_matches(word, stem), (word, stem)
    for word, stem in (("ескертпелерда", "ескертпелер"),  # back suffix after front vowels
                       ("ескертулер", "ескертпелер"), ("қатысушылық", "қатысушы"),
                       ("мемлекетшіл", "мемлекет")):
        assert not kazakh_word_matches(word, stem), (word, stem)


def test_english_and_russian_terms_in_other_forms() -> None:
    from toolkit.i18n.glossary import TermFinder

    english = TermFinder("en")
    assert english.find(english.prepare("the States parties to the Covenant"), "State party")
    assert not english.find(english.prepare("a party of the State"), "State party")
    assert not english.find(english.prepare("in the State. Party politics"), "State party")
    assert english.find(english.prepare("Committee on Economic, Social and Cultural Rights"),
                        "Committee on Economic, Social and Cultural Rights")
    russian = TermFinder("ru")
    assert russian.find(russian.prepare("просил государства-участника восстановить"),
                        "государство-участник")
    assert russian.find(russian.prepare("в своих ЗАКЛЮЧИТЕЛЬНЫХ замечаниях"),
                        "заключительные замечания")
    assert not russian.find(russian.prepare("замечания заключительные"),
                            "заключительные замечания")


def test_ignore_switches_a_base_entry_off(example_copy: Path) -> None:
    set_translation(example_copy, "ru", HEADING, "Выполнение итоговых замечаний 2011 года")
    (example_copy / "glossary.yaml").write_text(
        "- en: concluding observations\n  ignore: true\n", encoding="utf-8")
    code, out = invoke("check", example_copy, "--strict")
    assert code == 0 and glossary_lines(out) == [], out


def test_import_accepts_the_usual_external_dtd_line(example_copy: Path, tmp_path: Path) -> None:
    """CAT tools write <!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">: read, never
    fetched."""
    from toolkit.read.glossary import load_glossary

    tbx = tmp_path / "multiterm.tbx"
    tbx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM '
                   '"http://example.invalid/TBXBasiccoreStructV02.dtd">\n'
                   '<martif type="TBX-Basic" xml:lang="en-US"><text><body><termEntry id="a">'
                   '<langSet xml:lang="EN-US"><ntig><termGrp><term>pre-trial detention</term>'
                   '</termGrp></ntig></langSet><langSet xml:lang="kk-KZ"><tig>'
                   '<term>сотқа дейінгі қамау</term></tig></langSet></termEntry></body></text>'
                   '</martif>\n', encoding="utf-8")
    code, out = invoke("i18n", "glossary", "import", example_copy, tbx)
    assert code == 0, out
    entry = next(e for e in load_glossary(example_copy).entries if e.key == "pre-trial detention")
    assert entry.forms == {"en": ("pre-trial detention",), "kk": ("сотқа дейінгі қамау",)}


def test_export_never_writes_over_the_glossary_itself(example_copy: Path) -> None:
    mine = "- en: follow-up\n  ru: последующие меры\n"
    (example_copy / "glossary.yaml").write_text(mine, encoding="utf-8")
    code, _ = invoke("i18n", "glossary", "export", example_copy,
                     "--out", example_copy / "glossary.yaml")
    assert code == 2
    assert (example_copy / "glossary.yaml").read_text(encoding="utf-8") == mine


def test_base_glossary_is_complete_and_sourced() -> None:
    """Every base entry has the three languages and says where its forms come from; the
    issue's terms are there."""
    from toolkit.read.glossary import load_glossary

    entries = {e.key: e for e in load_glossary(None).entries}
    for entry in entries.values():
        assert set(entry.forms) == {"en", "ru", "kk"}, entry.key
        assert entry.source, entry.key
    assert entries["state party"].forms["kk"] == ("қатысушы мемлекет",)
    assert entries["universal periodic review"].forbidden == {"kk": ("Әмбебап кезеңдік шолу",)}
    for key in ("human rights committee", "committee against torture", "list of issues",
                "committee on the elimination of discrimination against women",
                "committee on the rights of the child", "national preventive mechanism",
                "committee on economic, social and cultural rights",
                "committee on the elimination of racial discrimination",
                "committee on the rights of persons with disabilities",
                "commissioner for human rights",
                "international covenant on civil and political rights"):
        assert key in entries, key
