"""The toolkit's own gettext catalogues: the POT is current, ru/kk are complete and usable."""

from __future__ import annotations

import datetime as dt
import gettext
import re
import shutil
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages import frontend
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from toolkit.i18n import extract
from toolkit.i18n.messages import Translator, get_translator
from toolkit.model.mechanisms import load_mechanism, msgids
from toolkit.transform.labels import Labels

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
POT = LOCALES / "toolkit.pot"
LANGS = ("ru", "kk")
NPLURALS = {"ru": 3, "kk": 2}
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)s")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
LATIN = re.compile(r"[A-Za-z]")
#: msgids whose translation is a Babel date pattern (pattern letters are Latin by design).
DATE_PATTERNS = {"d MMMM y", "LLLL y"}
#: Characters with a meaning in the inline markup that wording and labels go through.
MARKUP_CHARS = set("*^[]<@\\")
#: Strings that are the same in Russian and Kazakh (loanwords, symbols).
SAME_IN_RU_AND_KK = {"No.", "Website", "the Covenant", "the Convention", "Jurisdiction",
                     "“%(title)s”"}


def _key(message) -> str:
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def _entries(catalog: Catalog) -> dict:
    return {(_key(m), m.context): m for m in catalog if m.id}


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.fixture(scope="module")
def pot() -> Catalog:
    return _read(POT)


@pytest.fixture(scope="module", params=LANGS)
def po(request) -> tuple[str, Catalog]:
    lang = request.param
    return lang, _read(extract.po_path(LOCALES, lang), lang)


def _strings(message) -> list[str]:
    string = message.string
    return list(string) if isinstance(string, (list, tuple)) else [string]


# --------------------------------------------------------------------------- extraction


def test_pot_is_up_to_date(pot):
    """A label added to the code or a catalogue without `python -m toolkit.i18n.extract` fails."""
    fresh = extract.build_template()
    assert set(_entries(fresh)) == set(_entries(pot)), (
        "locales/toolkit.pot is out of date: run `python -m toolkit.i18n.extract`"
    )
    for key, message in _entries(fresh).items():
        assert _entries(pot)[key].id == message.id  # same plural, too


def test_pot_has_code_template_and_catalogue_strings(pot):
    entries = _entries(pot)
    assert ("Contents", None) in entries  # labels.py
    assert ("%(session)s session", None) in entries  # wording.j2, newstyle placeholder
    assert entries[("Article %(list)s", None)].id == ("Article %(list)s", "Articles %(list)s")
    for text in msgids():  # treaty names, articles, themes
        assert (text, None) in entries, text
    torture = entries[("Prohibition of torture and cruel, inhuman or degrading treatment "
                       "or punishment", None)]
    assert "ccpr.yaml: title of article 7" in torture.auto_comments


def test_regeneration_into_tmp_dir_is_identical_and_deterministic(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    assert extract.main(["--locales", str(locales)]) == 0
    first = {p: p.read_bytes() for p in locales.rglob("*.po*")}
    assert extract.main(["--locales", str(locales)]) == 0
    assert {p: p.read_bytes() for p in locales.rglob("*.po*")} == first
    assert extract.main(["--locales", str(locales), "--check"]) == 0
    assert set(_entries(_read(locales / "toolkit.pot"))) == set(_entries(_read(POT)))
    for lang in LANGS:  # every translation kept as it was
        before = _entries(_read(extract.po_path(LOCALES, lang), lang))
        after = _entries(_read(extract.po_path(locales, lang), lang))
        assert {k: m.string for k, m in after.items()} == {k: m.string for k, m in before.items()}
    assert b"Generated-By" not in first[locales / "toolkit.pot"]


def test_check_reports_a_stale_file(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    (locales / "toolkit.pot").write_text("", encoding="utf-8")
    assert extract.main(["--locales", str(locales), "--check"]) == 1
    assert (locales / "toolkit.pot").read_text(encoding="utf-8") == ""


def test_merge_keeps_vanished_translations_and_leaves_new_entries_empty():
    old = _read(extract.po_path(LOCALES, "ru"), "ru")
    template = extract.build_template()
    shrunk = Catalog(fuzzy=False)
    for message in template:
        if message.id and message.id != "Contents":
            shrunk[message.id] = message
    shrunk.add("A brand new label")

    merged = extract.merge(shrunk, old, "ru")
    assert merged.get("Contents") is None
    obsolete = {_key(m): m for m in merged.obsolete.values()}
    assert obsolete["Contents"].string == "Содержание"
    assert merged.get("A brand new label").string == ""
    assert merged.get("Recommendations").string == "Рекомендации"

    restored = extract.merge(template, merged, "ru")  # the msgid comes back with its text
    assert restored.get("Contents").string == "Содержание"
    assert not restored.obsolete
    assert not restored.fuzzy


def test_babel_cfg_works_for_pybabel():
    """`pybabel extract -F babel.cfg` (default keywords) finds the code and template strings."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
        method_map, options_map = parse(handle)
    found = {
        (m[0] if isinstance(m, tuple) else m)
        for _, _, m, _, _ in extract_from_dir(str(ROOT), method_map, options_map,
                                              keywords=DEFAULT_KEYWORDS)
    }
    assert {"Contents", "Article %(list)s", "United Nations", "%(session)s session"} <= found
    catalogue = set(msgids())
    date_patterns = {"d MMMM y", "LLLL y"}  # found with `-k _pattern`, as babel.cfg documents
    expected = {k for k, _ in _entries(extract.build_template())} - catalogue - date_patterns
    assert expected <= found


# --------------------------------------------------------------------------- PO files


def test_po_header(po):
    lang, catalog = po
    assert not catalog.fuzzy
    assert str(catalog.locale) == lang
    text = extract.po_path(LOCALES, lang).read_text(encoding="utf-8")
    assert f'"Language: {lang}\\n"' in text
    assert f'"Plural-Forms: {extract.PLURAL_FORMS[lang]}\\n"' in text
    assert '"Content-Type: text/plain; charset=utf-8\\n"' in text
    assert "#, fuzzy" not in text.split("\nmsgid", 2)[1]  # header entry
    assert catalog.num_plurals == NPLURALS[lang]


def test_every_msgid_translated(po, pot):
    lang, catalog = po
    entries = _entries(catalog)
    for key, template in _entries(pot).items():
        assert key in entries, f"{lang}: missing {key[0]!r}"
        message = entries[key]
        assert message.id == template.id
        assert not message.fuzzy, f"{lang}: fuzzy {key[0]!r}"
        strings = _strings(message)
        assert all(s.strip() for s in strings), f"{lang}: untranslated {key[0]!r}"
        if isinstance(template.id, tuple):
            assert len(strings) == NPLURALS[lang], f"{lang}: plural forms of {key[0]!r}"


def test_placeholders_kept(po):
    lang, catalog = po
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0])))
        for string in _strings(message):
            assert sorted(set(PLACEHOLDER.findall(string))) == wanted, (lang, message.id, string)
            # no other "%": jinja2 newstyle gettext and labels.py format every string
            assert "%" not in PLACEHOLDER.sub("", string), (lang, string)
            string % {name[2:-2]: "x" for name in wanted}


def test_no_latin_letters_or_markup(po):
    lang, catalog = po
    for message in catalog:
        if not message.id or message.id in DATE_PATTERNS:
            continue
        for string in _strings(message):
            bare = PLACEHOLDER.sub("", string)
            assert not LATIN.search(bare), f"{lang}: Latin letters in {string!r}"
            assert not (MARKUP_CHARS & set(bare)), f"{lang}: markup character in {string!r}"


def test_scripts_are_not_mixed():
    ru = _entries(_read(extract.po_path(LOCALES, "ru"), "ru"))
    kk = _entries(_read(extract.po_path(LOCALES, "kk"), "kk"))
    with_kazakh_letters = 0
    for key, message in kk.items():
        ru_strings = _strings(ru[key])
        assert not any(KAZAKH_LETTERS & set(s) for s in ru_strings), ru_strings
        kk_strings = _strings(message)
        if any(KAZAKH_LETTERS & set(s) for s in kk_strings):
            with_kazakh_letters += 1
        if key[0] not in SAME_IN_RU_AND_KK:
            assert kk_strings[0] != ru_strings[0], f"kk copied from ru: {kk_strings[0]!r}"
    assert with_kazakh_letters / len(kk) > 0.9


KK_WITH_KAZAKH_LETTERS = [
    "United Nations",
    "Contents",
    "Recommendations",
    "Recommendation",
    "Annexes",
    "Members of the coalition",
    "Coalition's assessment",
    "International Covenant on Civil and Political Rights",
    "Human Rights Committee",
    "Convention on the Rights of the Child",
    "Universal Periodic Review",
    "Right to life",
    "Freedom of association",
    "Prohibition of torture and cruel, inhuman or degrading treatment or punishment",
]


@pytest.mark.parametrize("msgid", KK_WITH_KAZAKH_LETTERS)
def test_kazakh_spot_checks(msgid):
    message = _read(extract.po_path(LOCALES, "kk"), "kk").get(msgid)
    assert message is not None and KAZAKH_LETTERS & set(message.string), msgid


EXPECTED = {
    "ru": {
        "Contents": "Содержание",
        "Recommendations": "Рекомендации",
        "recommendation %(number)s": "рекомендация %(number)s",
        "Ibid.": "Там же.",
        "Available at": "Доступно по адресу",
        "Annex %(letter)s. %(title)s": "Приложение %(letter)s. %(title)s",
        "United Nations": "Организация Объединенных Наций",
        "%(session)s session": "%(session)s-я сессия",
        "Article %(article)s, paragraph %(paragraph)s": "Пункт %(paragraph)s статьи %(article)s",
        "%(document)s, para. %(paragraph)s": "%(document)s, п. %(paragraph)s",
        "International Covenant on Civil and Political Rights":
            "Международный пакт о гражданских и политических правах",
        "Human Rights Committee": "Комитет по правам человека",
        "International Covenant on Economic, Social and Cultural Rights":
            "Международный пакт об экономических, социальных и культурных правах",
        "Committee on Economic, Social and Cultural Rights":
            "Комитет по экономическим, социальным и культурным правам",
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or "
        "Punishment": "Конвенция против пыток и других жестоких, бесчеловечных или унижающих "
                      "достоинство видов обращения и наказания",
        "Committee against Torture": "Комитет против пыток",
        "Convention on the Elimination of All Forms of Discrimination against Women":
            "Конвенция о ликвидации всех форм дискриминации в отношении женщин",
        "Convention on the Rights of the Child": "Конвенция о правах ребенка",
        "International Convention on the Elimination of All Forms of Racial Discrimination":
            "Международная конвенция о ликвидации всех форм расовой дискриминации",
        "Convention on the Rights of Persons with Disabilities": "Конвенция о правах инвалидов",
        "Universal Periodic Review": "Универсальный периодический обзор",
        "Working Group on the Universal Periodic Review":
            "Рабочая группа по универсальному периодическому обзору",
    },
    "kk": {
        "Contents": "Мазмұны",
        "Recommendations": "Ұсынымдар",
        "recommendation %(number)s": "%(number)s-ұсыным",
        "Ibid.": "Сонда.",
        "Available at": "Мына мекенжай бойынша қолжетімді",
        "Annex %(letter)s. %(title)s": "%(letter)s қосымшасы. %(title)s",
        "United Nations": "Біріккен Ұлттар Ұйымы",
        "%(session)s session": "%(session)s-сессия",
        "Article %(article)s, paragraph %(paragraph)s": "%(article)s-баптың %(paragraph)s-тармағы",
        "%(document)s, para. %(paragraph)s": "%(document)s, %(paragraph)s-тармақ",
        "International Covenant on Civil and Political Rights":
            "Азаматтық және саяси құқықтар туралы халықаралық пакт",
        "Human Rights Committee": "Адам құқықтары жөніндегі комитет",
        "International Covenant on Economic, Social and Cultural Rights":
            "Экономикалық, әлеуметтік және мәдени құқықтар туралы халықаралық пакт",
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or "
        "Punishment": "Азаптауларға және басқа да қатыгез, адамгершілікке жатпайтын немесе "
                      "ар-намысты қорлайтын іс-әрекеттер мен жазалау түрлеріне қарсы конвенция",
        "Convention on the Rights of the Child": "Бала құқықтары туралы конвенция",
        "Convention on the Elimination of All Forms of Discrimination against Women":
            "Әйелдерге қатысты кемсітушіліктің барлық нысандарын жою туралы конвенция",
        "International Convention on the Elimination of All Forms of Racial Discrimination":
            "Нәсілдік кемсітушіліктің барлық нысандарын жою туралы халықаралық конвенция",
        "Convention on the Rights of Persons with Disabilities":
            "Мүгедектердің құқықтары туралы конвенция",
        "Universal Periodic Review": "Әмбебап кезеңдік шолу",
    },
}


@pytest.mark.parametrize("lang", LANGS)
def test_official_names_and_labels(lang):
    t = get_translator(lang)
    for msgid, wanted in EXPECTED[lang].items():
        assert t._(msgid) == wanted, msgid


# --------------------------------------------------------------------------- at run time

ARTICLE = ("Article %(list)s", "Articles %(list)s")


@pytest.mark.parametrize(
    ("lang", "n", "wanted"),
    [
        ("ru", 1, "Статья %(list)s"),
        ("ru", 3, "Статьи %(list)s"),
        ("ru", 5, "Статьи %(list)s"),
        ("ru", 21, "Статья %(list)s"),
        ("kk", 1, "%(list)s-бап"),
        ("kk", 3, "%(list)s-баптар"),
        ("kk", 5, "%(list)s-баптар"),
        ("kk", 21, "%(list)s-баптар"),
    ],
)
def test_ngettext(lang, n, wanted):
    assert get_translator(lang).ngettext(*ARTICLE, n) == wanted


@pytest.mark.parametrize("lang", LANGS)
def test_plural_index_follows_the_po_header(lang, tmp_path):
    """The form Translator picks is the one the catalogue's Plural-Forms expression names.

    Uses a catalogue whose forms are all different, so a wrong index cannot hide behind
    two equal forms (the Russian heading uses "Статьи" for both "few" and "many").
    """
    catalog = Catalog(locale=lang, fuzzy=False)
    catalog.mime_headers = [("Plural-Forms", extract.PLURAL_FORMS[lang])]
    forms = tuple(f"form{i}" for i in range(NPLURALS[lang]))
    catalog.add(("one thing", "%(n)s things"), forms)
    path = tmp_path / lang / "LC_MESSAGES" / "toolkit.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(extract.render(catalog))
    t: Translator = get_translator(lang, tmp_path)
    expression = extract.PLURAL_FORMS[lang].split("plural=", 1)[1].rstrip(";")
    plural = gettext.c2py(expression)
    for n in range(0, 250):
        assert t.ngettext("one thing", "%(n)s things", n) == forms[plural(n)], n


def test_russian_labels():
    labels = Labels(get_translator("ru"), load_mechanism("ccpr"))
    assert labels.treaty == "Международный пакт о гражданских и политических правах"
    assert labels.committee == "Комитет по правам человека"
    assert labels.date(dt.date(2016, 5, 15)) == "15 мая 2016 года"
    assert labels.month_year(dt.date(2016, 5, 15)) == "май 2016 г."
    assert labels.article_heading(["2", "3", "26"]) == "Статьи 2, 3 и 26"
    assert labels.article_heading(["7"]) == "Статья 7"
    assert labels.article_heading(["2.3"]) == "Пункт 3 статьи 2"
    assert labels.article_title("7") == (
        "Запрещение пыток и жестокого, бесчеловечного или унижающего достоинство "
        "обращения или наказания"
    )
    assert labels.previous_ref("CCPR/C/KAZ/CO/1", "11") == "CCPR/C/KAZ/CO/1, п.\u00a011"


def test_kazakh_labels():
    labels = Labels(get_translator("kk"), load_mechanism("ccpr"))
    assert labels.treaty == "Азаматтық және саяси құқықтар туралы халықаралық пакт"
    assert labels.date(dt.date(2016, 5, 15)) == "2016 жылғы 15 мамыр"
    assert labels.month_year(dt.date(2016, 5, 15)) == "2016 жылғы мамыр"
    assert labels.article_heading(["7"]) == "7-бап"
    assert labels.article_heading(["2.3"]) == "2-баптың 3-тармағы"
    assert labels.recommendation_ref("4") == "4-ұсыным"


def test_kazakh_latin_labels_come_from_the_kazakh_catalogue():
    labels = Labels(get_translator("kk-Latn"), load_mechanism("ccpr"))
    assert labels.treaty == "Azamattyq jäne saiasi qūqyqtar turaly halyqaralyq pakt"
    assert labels.date(dt.date(2016, 5, 15)) == "2016 jylğy 15 mamyr"
    assert labels.article_heading(["2.3"]) == "2-baptyñ 3-tarmağy"
    assert labels.recommendation_ref("4") == "4-ūsynym"
    assert labels.state_name("KAZ") == "Qazaqstan"


@pytest.mark.parametrize(
    ("lang", "month", "wanted_date", "wanted_month"),
    [
        ("ru", 1, "1 января 2016 года", "январь 2016 г."),
        ("ru", 12, "1 декабря 2016 года", "декабрь 2016 г."),
        ("kk", 1, "2016 жылғы 1 қаңтар", "2016 жылғы қаңтар"),
        ("kk", 9, "2016 жылғы 1 қыркүйек", "2016 жылғы қыркүйек"),
    ],
)
def test_date_patterns(lang, month, wanted_date, wanted_month):
    t = get_translator(lang)
    day = dt.date(2016, month, 1)
    assert format_date(day, t._("d MMMM y"), locale=t.locale) == wanted_date
    assert format_date(day, t._("LLLL y"), locale=t.locale) == wanted_month
