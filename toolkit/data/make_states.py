"""Regenerate ``states.csv``: UN names of States in English, Russian and Kazakh.

Run by a maintainer, never imported at run time::

    python toolkit/data/make_states.py            # downloads the wheel with pip
    python toolkit/data/make_states.py WHEEL.whl  # or reads a wheel you already have

Sources, in the order they are applied:

1. OCHA "Countries & Territories Taxonomy" (the CSV inside the ``hdx-python-country``
   wheel): every row marked "Appears in UNTERM list" gives the ISO codes, the English
   and Russian UNTERM short names and the English formal name. Its dependencies are heavy,
   hence this script reads the CSV from the wheel and does not install the package.
2. Russian formal names: UNTERM writes them from a few patterns ("the Republic of X" →
   «Республика X», "the Kingdom of X" → «Королевство X» with X in the nominative). The
   patterns below apply them to the UNTERM Russian short name; the names that follow no
   pattern (adjectival forms such as «Кыргызская Республика») are written out in
   ``RU_FORMAL``, taken from UNTERM records as the maintainer knows them.
3. Kazakh: the forms in official Kazakh use («Қырғыз Республикасы», «Корея Республикасы»,
   «Ұлыбритания және Солтүстік Ирландия Құрама Корольдігі»), written out below from the
   maintainer's knowledge; UN-style parenthetical short names («Иран (Ислам
   Республикасы)») mirror UNTERM. Formal names follow the Kazakh word order ("X
   Республикасы", "X Корольдігі"). None has yet been checked name by name against an
   official Kazakh list (MFA of Kazakhstan, treaty titles on adilet.zan.kz): every entry
   says ``kk_checked = no`` until its code is added to ``KK_CHECKED`` by someone who did.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "hdx-python-country"
CSV_SUFFIX = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
OUT = Path(__file__).resolve().parent / "states.csv"
COLUMNS = ["code", "alpha2", "status", "en_short", "en_formal", "ru_short", "ru_formal",
           "kk_short", "kk_formal", "ru_formal_from", "kk_checked", "aliases"]

OBSERVERS = {"VAT", "PSE"}
NON_MEMBERS = {"COK", "NIU"}  # in UNTERM, parties to some treaties, not UN Members

# English formal pattern → (Russian template on the Russian short name, Kazakh template)
PATTERNS: list[tuple[str, str, str]] = [
    ("the Federal Democratic Republic of ", "Федеративная Демократическая Республика {}",
     "{} Федеративтік Демократиялық Республикасы"),
    ("the Democratic Socialist Republic of ", "Демократическая Социалистическая Республика {}",
     "{} Демократиялық Социалистік Республикасы"),
    ("the Socialist Republic of ", "Социалистическая Республика {}",
     "{} Социалистік Республикасы"),
    ("the Islamic Republic of ", "Исламская Республика {}", "{} Ислам Республикасы"),
    ("the Federative Republic of ", "Федеративная Республика {}",
     "{} Федеративтік Республикасы"),
    ("the Federal Republic of ", "Федеративная Республика {}",
     "{} Федеративтік Республикасы"),
    ("the Democratic Republic of ", "Демократическая Республика {}",
     "{} Демократиялық Республикасы"),
    ("the People's Republic of ", "Народная Республика {}", "{} Халық Республикасы"),
    ("the Independent State of ", "Независимое Государство {}", "{} Тәуелсіз Мемлекеті"),
    ("the Grand Duchy of ", "Великое Герцогство {}", "{} Ұлы Герцогтігі"),
    ("the Principality of ", "Княжество {}", "{} Княздігі"),
    ("the Republic of the ", "Республика {}", "{} Республикасы"),
    ("the Republic of ", "Республика {}", "{} Республикасы"),
    ("the Kingdom of ", "Королевство {}", "{} Корольдігі"),
    ("the Sultanate of ", "Султанат {}", "{} Сұлтандығы"),
    ("the State of ", "Государство {}", "{} Мемлекеті"),
]

RU_FORMAL = {
    "ARG": "Аргентинская Республика", "AUT": "Австрийская Республика",
    "AZE": "Азербайджанская Республика", "BHS": "Содружество Багамских Островов",
    "BOL": "Многонациональное Государство Боливия", "CHE": "Швейцарская Конфедерация",
    "CHN": "Китайская Народная Республика", "COM": "Союз Коморских Островов",
    "CZE": "Чешская Республика", "DMA": "Содружество Доминики",
    "DZA": "Алжирская Народная Демократическая Республика",
    "EGY": "Арабская Республика Египет", "EST": "Эстонская Республика",
    "FIN": "Финляндская Республика", "FRA": "Французская Республика",
    "FSM": "Федеративные Штаты Микронезии", "GAB": "Габонская Республика",
    "GRC": "Греческая Республика", "GUY": "Кооперативная Республика Гайана",
    "ITA": "Итальянская Республика", "JOR": "Иорданское Хашимитское Королевство",
    "KGZ": "Кыргызская Республика", "LBN": "Ливанская Республика",
    "LKA": "Демократическая Социалистическая Республика Шри-Ланка",
    "LTU": "Литовская Республика", "LVA": "Латвийская Республика",
    "MDV": "Мальдивская Республика", "MEX": "Мексиканские Соединенные Штаты",
    "MMR": "Республика Союз Мьянма", "NLD": "Королевство Нидерландов",
    "PRT": "Португальская Республика", "SLV": "Республика Эль-Сальвадор",
    "SVK": "Словацкая Республика", "TGO": "Тоголезская Республика",
    "TUN": "Тунисская Республика", "TUR": "Турецкая Республика",
    "URY": "Восточная Республика Уругвай", "VEN": "Боливарианская Республика Венесуэла",
    "YEM": "Йеменская Республика", "ZAF": "Южно-Африканская Республика",
    "IRN": "Исламская Республика Иран",
}

# Kazakh short names by ISO alpha-3 (UN Members, observers, Cook Islands, Niue).
KK_SHORT = {
    "AFG": "Ауғанстан", "ALB": "Албания", "DZA": "Алжир", "AND": "Андорра", "AGO": "Ангола",
    "ATG": "Антигуа және Барбуда", "ARG": "Аргентина", "ARM": "Армения",
    "AUS": "Австралия", "AUT": "Австрия", "AZE": "Әзірбайжан", "BHS": "Багам аралдары",
    "BHR": "Бахрейн", "BGD": "Бангладеш", "BRB": "Барбадос", "BLR": "Беларусь",
    "BEL": "Бельгия", "BLZ": "Белиз", "BEN": "Бенин", "BTN": "Бутан",
    "BOL": "Боливия (Көпұлтты Мемлекеті)", "BIH": "Босния және Герцеговина",
    "BWA": "Ботсвана", "BRA": "Бразилия", "BRN": "Бруней-Даруссалам", "BGR": "Болгария",
    "BFA": "Буркина-Фасо", "BDI": "Бурунди", "KHM": "Камбоджа", "CMR": "Камерун",
    "CAN": "Канада", "CPV": "Кабо-Верде", "CAF": "Орталық Африка Республикасы",
    "TCD": "Чад", "CHL": "Чили", "CHN": "Қытай", "COL": "Колумбия",
    "COM": "Комор аралдары", "COG": "Конго", "COD": "Конго Демократиялық Республикасы",
    "COK": "Кук аралдары", "CRI": "Коста-Рика", "CIV": "Кот-д’Ивуар", "HRV": "Хорватия",
    "CUB": "Куба", "CYP": "Кипр", "CZE": "Чехия", "DNK": "Дания", "DJI": "Джибути",
    "DMA": "Доминика", "DOM": "Доминикан Республикасы", "ECU": "Эквадор", "EGY": "Египет",
    "SLV": "Сальвадор", "GNQ": "Экваторлық Гвинея", "ERI": "Эритрея", "EST": "Эстония",
    "ETH": "Эфиопия", "FJI": "Фиджи", "FIN": "Финляндия", "FRA": "Франция", "GAB": "Габон",
    "GMB": "Гамбия", "GEO": "Грузия", "DEU": "Германия", "GHA": "Гана", "GRC": "Грекия",
    "GRD": "Гренада", "GTM": "Гватемала", "GIN": "Гвинея", "GNB": "Гвинея-Бисау",
    "GUY": "Гайана", "HTI": "Гаити", "VAT": "Қасиетті Тақ", "HND": "Гондурас",
    "HUN": "Венгрия", "ISL": "Исландия", "IND": "Үндістан", "IDN": "Индонезия",
    "IRN": "Иран (Ислам Республикасы)", "IRQ": "Ирак", "IRL": "Ирландия", "ISR": "Израиль",
    "ITA": "Италия", "JAM": "Ямайка", "JPN": "Жапония", "JOR": "Иордания",
    "KAZ": "Қазақстан", "KEN": "Кения", "KIR": "Кирибати",
    "PRK": "Корея Халықтық Демократиялық Республикасы", "KOR": "Корея Республикасы",
    "KWT": "Кувейт", "KGZ": "Қырғызстан",
    "LAO": "Лаос Халықтық Демократиялық Республикасы", "LVA": "Латвия", "LBN": "Ливан",
    "LSO": "Лесото", "LBR": "Либерия", "LBY": "Ливия", "LIE": "Лихтенштейн", "LTU": "Литва",
    "LUX": "Люксембург", "MKD": "Солтүстік Македония", "MDG": "Мадагаскар",
    "MWI": "Малави", "MYS": "Малайзия", "MDV": "Мальдив аралдары", "MLI": "Мали",
    "MLT": "Мальта", "MHL": "Маршалл аралдары", "MRT": "Мавритания", "MUS": "Маврикий",
    "MEX": "Мексика", "FSM": "Микронезия (Федеративтік Штаттары)",
    "MDA": "Молдова Республикасы", "MCO": "Монако", "MNG": "Моңғолия",
    "MNE": "Черногория", "MAR": "Марокко", "MOZ": "Мозамбик", "MMR": "Мьянма",
    "NAM": "Намибия", "NRU": "Наоэро", "NPL": "Непал", "NLD": "Нидерланд (Корольдігі)",
    "NZL": "Жаңа Зеландия", "NIC": "Никарагуа", "NER": "Нигер", "NGA": "Нигерия",
    "NIU": "Ниуэ", "NOR": "Норвегия", "OMN": "Оман", "PAK": "Пәкістан", "PLW": "Палау",
    "PSE": "Палестина Мемлекеті", "PAN": "Панама", "PNG": "Папуа — Жаңа Гвинея",
    "PRY": "Парагвай", "PER": "Перу", "PHL": "Филиппин", "POL": "Польша",
    "PRT": "Португалия", "QAT": "Катар", "ROU": "Румыния", "RUS": "Ресей Федерациясы",
    "RWA": "Руанда", "KNA": "Сент-Китс және Невис", "LCA": "Сент-Люсия",
    "VCT": "Сент-Винсент және Гренадиндер", "WSM": "Самоа", "SMR": "Сан-Марино",
    "STP": "Сан-Томе және Принсипи", "SAU": "Сауд Арабиясы", "SEN": "Сенегал",
    "SRB": "Сербия", "SYC": "Сейшель аралдары", "SLE": "Сьерра-Леоне", "SGP": "Сингапур",
    "SVK": "Словакия", "SVN": "Словения", "SLB": "Соломон аралдары", "SOM": "Сомали",
    "ZAF": "Оңтүстік Африка", "ESP": "Испания", "LKA": "Шри-Ланка",
    "SSD": "Оңтүстік Судан", "SDN": "Судан", "SUR": "Суринам", "SWZ": "Эсватини",
    "SWE": "Швеция", "CHE": "Швейцария", "SYR": "Сирия Араб Республикасы",
    "TJK": "Тәжікстан", "TZA": "Танзания Біріккен Республикасы", "THA": "Таиланд",
    "TLS": "Тимор-Лесте", "TGO": "Того", "TON": "Тонга", "TTO": "Тринидад және Тобаго",
    "TUN": "Тунис", "TUR": "Түркия", "TKM": "Түрікменстан", "TUV": "Тувалу",
    "UGA": "Уганда", "UKR": "Украина", "ARE": "Біріккен Араб Әмірліктері",
    "GBR": "Ұлыбритания және Солтүстік Ирландия Құрама Корольдігі",
    "USA": "Америка Құрама Штаттары", "URY": "Уругвай", "UZB": "Өзбекстан",
    "VUT": "Вануату", "VEN": "Венесуэла (Боливарлық Республикасы)", "VNM": "Вьетнам",
    "YEM": "Йемен", "ZMB": "Замбия", "ZWE": "Зимбабве",
}

KK_FORMAL = {
    "ARG": "Аргентина Республикасы", "AUT": "Австрия Республикасы",
    "BHS": "Багам Аралдары Достастығы", "BOL": "Боливия Көпұлтты Мемлекеті",
    "CHE": "Швейцария Конфедерациясы", "CHN": "Қытай Халық Республикасы",
    "COM": "Комор Аралдары Одағы", "CZE": "Чех Республикасы", "DMA": "Доминика Достастығы",
    "DZA": "Алжир Халықтық Демократиялық Республикасы", "EGY": "Египет Араб Республикасы",
    "FRA": "Француз Республикасы", "FSM": "Микронезия Федеративтік Штаттары",
    "GRC": "Грекия Республикасы", "GUY": "Гайана Кооперативтік Республикасы",
    "IRN": "Иран Ислам Республикасы", "JOR": "Иордания Хашимит Корольдігі",
    "KGZ": "Қырғыз Республикасы", "MDV": "Мальдив Республикасы",
    "MEX": "Мексика Құрама Штаттары", "MHL": "Маршалл Аралдары Республикасы",
    "MMR": "Мьянма Одағы Республикасы", "NLD": "Нидерланд Корольдігі",
    "SVK": "Словак Республикасы", "SYC": "Сейшель Аралдары Республикасы",
    "TUR": "Түркия Республикасы", "URY": "Уругвай Шығыс Республикасы",
    "VEN": "Венесуэла Боливарлық Республикасы", "ZAF": "Оңтүстік Африка Республикасы",
    "PHL": "Филиппин Республикасы", "GAB": "Габон Республикасы",
    "LBN": "Ливан Республикасы", "PRT": "Португалия Республикасы", "TGO": "Того Республикасы",
}

# Kazakh names confirmed against an official Kazakh source, name by name (none yet).
KK_CHECKED: set[str] = set()

# Names users write that are neither UNTERM short nor formal names.
EXTRA_ALIASES = {
    "GBR": ["United Kingdom", "UK", "Great Britain", "Britain", "Великобритания",
            "Соединенное Королевство", "Ұлыбритания"],
    "USA": ["United States", "US", "USA", "США", "Соединенные Штаты", "АҚШ"],
    "KOR": ["Korea", "South Korea", "Korea, Republic of", "Южная Корея", "Корея",
            "Оңтүстік Корея"],
    "PRK": ["North Korea", "DPRK", "КНДР", "Северная Корея", "Солтүстік Корея"],
    "IRN": ["Iran", "Иран", "Persia"],
    "MDA": ["Moldova", "Молдова", "Молдавия"],
    "RUS": ["Russia", "Россия", "Ресей"],
    "TUR": ["Turkey", "Türkiye", "Turkiye", "Турция", "Түркия"],
    "SYR": ["Syria", "Сирия"], "TZA": ["Tanzania", "Танзания"], "LAO": ["Laos", "Лаос"],
    "VNM": ["Vietnam"], "CZE": ["Czech Republic"],
    "MKD": ["Macedonia", "The former Yugoslav Republic of Macedonia", "Македония"],
    "SWZ": ["Swaziland", "Свазиленд"], "CPV": ["Cape Verde"], "CIV": ["Ivory Coast"],
    "MMR": ["Burma"], "BOL": ["Bolivia", "Боливия"], "VEN": ["Venezuela", "Венесуэла"],
    "FSM": ["Micronesia", "Микронезия"], "NLD": ["Netherlands", "Holland", "Нидерланды"],
    "VAT": ["Vatican", "Vatican City", "Ватикан"], "PSE": ["Palestine", "Палестина"],
    "BRN": ["Brunei"], "COD": ["DRC", "DR Congo", "Congo-Kinshasa", "ДРК"],
    "COG": ["Congo-Brazzaville", "Republic of the Congo"], "TLS": ["East Timor"],
    "NRU": ["Nauru", "Науру"], "KGZ": ["Kyrgyz Republic", "Kirghizia", "Киргизия"],
    "BLR": ["Belarus", "Белоруссия"], "GEO": ["Georgia", "Грузия"],
    "KAZ": ["Republic of Kazakhstan"], "ARE": ["UAE", "ОАЭ"],
    "CHN": ["China", "PRC"], "DEU": ["Germany", "ФРГ"], "SAU": ["KSA"],
}


def wheel_csv(wheel: Path | None) -> tuple[str, str]:
    """The taxonomy CSV and the package version, from the given wheel or a fresh download."""
    if wheel is None:
        folder = Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                        "-d", str(folder), PACKAGE], check=True)
        wheel = next(folder.glob("*.whl"))
    version = wheel.name.split("-")[1]
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(CSV_SUFFIX))
        return archive.read(name).decode("utf-8"), version


def formal(code: str, en_short: str, en_formal: str, short: str, table: dict[str, str],
           column: int) -> tuple[str, str]:
    """The formal name and how it was made: 'table', 'same' or 'pattern'."""
    if code in table:
        return table[code], "table"
    bare = en_formal.removeprefix("the ")
    if not en_formal or bare == en_short or bare == f"the {en_short}":
        return short, "same"
    for prefix, *templates in PATTERNS:
        if en_formal.startswith(prefix):
            return templates[column].format(short), "pattern"
    raise SystemExit(f"{code}: no pattern for {en_formal!r}: add it to the tables")


def build(text: str) -> list[dict[str, object]]:
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["Appears in UNTERM list"] == "Y"]
    states = []
    for row in rows:
        code = row["ISO 3166-1 Alpha 3-Codes"]
        en_short, ru_short = row["English Short"], row["Russian Short"]
        en_formal_raw = row["English Formal"].strip()
        en_formal = en_formal_raw.removeprefix("the ") if en_formal_raw else en_short
        ru_formal, ru_how = formal(code, en_short, en_formal_raw, ru_short, RU_FORMAL, 0)
        kk_short = KK_SHORT[code]
        kk_formal, kk_how = formal(code, en_short, en_formal_raw, kk_short, KK_FORMAL, 1)
        aliases = {row[c].strip() for c in ("Preferred Term", "ISO Alt Term", "DGACM Alt Term",
                                            "RW Short Name", "M49 English") if row[c].strip()}
        aliases |= set(EXTRA_ALIASES.get(code, []))
        aliases -= {en_short, en_formal, ru_short, ru_formal, kk_short, kk_formal}
        status = ("observer" if code in OBSERVERS
                  else "non-member" if code in NON_MEMBERS else "member")
        states.append({
            "code": code,
            "alpha2": row["ISO 3166-1 Alpha 2-Codes"],
            "status": status,
            "en_short": en_short, "en_formal": en_formal,
            "ru_short": ru_short, "ru_formal": ru_formal,
            "kk_short": kk_short, "kk_formal": kk_formal,
            "ru_formal_from": ru_how,
            "kk_checked": "yes" if code in KK_CHECKED else "no",
            "aliases": "; ".join(sorted(aliases)),
        })
    return states


HEADER = """\
# UN names of States: short and formal, in English, Russian and Kazakh (CSV after these
# comment lines; aliases are separated by "; ").
# GENERATED by toolkit/data/make_states.py: edit the script, not this file.
#
# en (short, formal) and ru (short): OCHA Countries & Territories Taxonomy, UNTERM columns,
#   as shipped in the PyPI package {package} {version} (rows "Appears in UNTERM list").
# ru formal: UNTERM patterns applied to the Russian short name (ru_formal_from: pattern),
#   or written out in the script (table) where UNTERM uses an adjectival form; "same" when
#   the formal name is the short name.
# kk: the forms in official Kazakh use, written out by the maintainer (UN-style parentheses
#   for short names such as «Иран (Ислам Республикасы)»); kk_checked = no marks the names
#   NOT yet confirmed against an official Kazakh list (MFA of Kazakhstan, adilet.zan.kz):
#   today that is all of them. Review them with a Kazakh terminologist.
# status: member (193), observer (Holy See, State of Palestine), non-member (in UNTERM).
# Names are in UN Russian spelling: no «ё».
"""


def main(argv: list[str]) -> None:
    text, version = wheel_csv(Path(argv[0]) if argv else None)
    states = build(text)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(states)
    body = re.sub(r"ё", "е", buffer.getvalue())
    OUT.write_text(HEADER.format(package=PACKAGE, version=version) + body, encoding="utf-8")
    print(f"{OUT}: {len(states)} States from {PACKAGE} {version}")


if __name__ == "__main__":
    main(sys.argv[1:])
