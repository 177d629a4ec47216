"""Human-rights prose for the synthetic benchmark report.

Sentences are assembled from templates and word lists in the register of a shadow report,
so that the generated text has realistic word lengths, punctuation and variety (and is
not the same sentence repeated). Everything is driven by a seeded :class:`random.Random`.
"""

from __future__ import annotations

import random

ACTORS = [
    "the Ministry of Internal Affairs", "the Prosecutor General's Office", "the courts",
    "regional akimats", "the National Security Committee", "the Ministry of Justice",
    "investigators", "police officers", "prison administrations", "the Supreme Court",
    "the Commissioner for Human Rights", "the national preventive mechanism",
    "local executive bodies", "the Ministry of Information and Communications",
    "the Agency for Religious Affairs", "the Committee on Legal Statistics",
    "the Ministry of Health", "the Ministry of Education and Science",
    "the Central Election Commission", "the financial police", "judges of first instance",
    "the penitentiary service", "the migration police", "the labour inspectorate",
]

VICTIMS = [
    "human rights defenders", "independent journalists", "detainees", "persons with "
    "disabilities", "members of religious minorities", "trade union activists", "women "
    "living in rural areas", "stateless persons", "refugees and asylum seekers", "children "
    "in residential institutions", "bloggers", "defence lawyers", "peaceful protesters",
    "members of unregistered associations", "migrant workers", "prisoners serving life "
    "sentences", "relatives of victims", "persons held in psychiatric institutions",
    "opposition politicians", "lesbian, gay, bisexual and transgender persons",
]

PROBLEMS = [
    "torture and ill-treatment in police custody", "arbitrary detention",
    "restrictions on peaceful assembly", "the refusal to register public associations",
    "criminal prosecution for defamation", "the blocking of websites without a court order",
    "excessive use of force during arrests", "violations of the right to a fair trial",
    "the lack of access to a lawyer from the moment of arrest", "pressure on defence lawyers",
    "overcrowding in pre-trial detention centres", "discrimination in access to employment",
    "domestic violence and the absence of protection orders", "forced psychiatric "
    "treatment", "the confiscation of religious literature", "surveillance of "
    "communications without judicial authorisation", "the closure of independent media",
    "the deportation of asylum seekers", "the denial of medical care to prisoners",
    "the use of evidence obtained under duress", "restrictions on freedom of movement",
    "the prosecution of strike leaders", "interference in the independence of judges",
]

OBLIGATIONS = [
    "investigate every allegation promptly and impartially",
    "ensure that restrictions are necessary and proportionate",
    "guarantee an effective remedy to every victim",
    "bring its legislation into line with the Covenant",
    "protect complainants and witnesses against reprisals",
    "publish disaggregated statistics every year",
    "train judges, prosecutors and police officers on international standards",
    "provide full reparation, including rehabilitation",
    "refrain from prosecuting people for the peaceful exercise of their rights",
    "establish an independent complaints mechanism",
    "ensure access to a lawyer of one's own choosing",
    "review the vague definitions of extremism in criminal law",
]

LAWS = [
    "the Criminal Code", "the Criminal Procedure Code", "the Code on Administrative "
    "Offences", "the Law on Peaceful Assemblies", "the Law on Public Associations",
    "the Law on Religious Activity and Religious Associations", "the Law on Mass Media",
    "the Law on Communications", "the Penal Enforcement Code", "the Law on Trade Unions",
    "the Law on the Legal Status of Foreigners", "the Law on Refugees",
    "the Law on National Security", "the Constitutional Law on the Judicial System",
    "the Law on the Prevention of Domestic Violence", "the Law on Advocacy",
]

PLACES = [
    "Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Oral",
    "Kostanay", "Atyrau", "Aktau", "Taraz", "Semey", "Kyzylorda", "Petropavl", "Zhezkazgan",
    "Ust-Kamenogorsk", "Taldykorgan", "Kokshetau", "Ekibastuz", "Zhanaozen",
]

PLURAL_ACTORS = {
    "the courts", "regional akimats", "investigators", "police officers",
    "prison administrations", "local executive bodies", "judges of first instance",
}

ADVERBS = [
    "routinely", "repeatedly", "still", "systematically", "rarely", "in practice",
    "increasingly", "often", "almost never", "consistently", "in most cases",
]

VERBS = [
    "refuse to examine", "fail to investigate", "tolerate", "restrict", "ignore",
    "justify", "downplay", "deny", "obstruct access to", "fail to record",
    "do not publish data on", "respond slowly to", "close without explanation complaints "
    "about",
]

QUALIFIERS = [
    "despite repeated recommendations of the treaty bodies",
    "since the new codes entered into force on 1 January 2015",
    "during the reporting period", "in the absence of any judicial control",
    "although the Constitution guarantees the opposite",
    "even where video recordings confirm the allegations",
    "without informing the persons concerned", "in breach of domestic procedural law",
    "in at least {regions} of the 17 regions", "in {pct} per cent of the cases we monitored",
    "according to the official statistics for {year}",
    "as our monitoring in {place} and {place2} confirms",
]

CONNECTIVES = [
    "Moreover,", "In addition,", "As a result,", "At the same time,", "In practice,",
    "Nevertheless,", "By contrast,", "Consequently,", "For example,", "Furthermore,",
    "In our experience,", "Even so,",
]

TEMPLATES = [
    "{Actor} {adv} {verb} {problem} {qual}.",
    "In {year}, our coalition documented {n} cases of {problem} in {place}.",
    "{Conn} {actor} {adv} {verb} {problem}.",
    "We are particularly concerned that {victims} continue to face {problem} {qual}.",
    "According to the information available to us, {pct} per cent of {victims} reported "
    "{problem} in {year}.",
    "This practice is incompatible with article {art} of the Covenant, which requires the "
    "State party to {obligation}.",
    "The amendments to {law} adopted in {year} have not changed the situation of {victims}.",
    "{Conn} {law} still allows {actor} to {verb2} {problem} {qual}.",
    "The State report describes the new provisions of {law}, but it does not explain how "
    "they are applied to {victims}.",
    "Of the {n} complaints lodged with {actor} in {year}, only {m} led to a criminal case, "
    "and none ended in a conviction.",
    "In {place}, {victims} told our monitors that {actor} had threatened them with "
    "prosecution after they complained about {problem}.",
    "{Conn} the authorities have not published any data that would allow an independent "
    "assessment of {problem}.",
    "The Committee has already asked the State party to {obligation}, yet {actor} "
    "{adv} {verb} {problem}.",
    "Trial monitoring in {place} and {place2} showed that judges {adv} {verbp} "
    "{problem} {qual}.",
    "Lawyers for {victims} have reported that {actor} {adv} {verb} {problem}.",
    "The legislation does not define {problem} with the precision that the Covenant "
    "requires, which leaves wide discretion to {actor}.",
    "The Views adopted by the Committee in *{casename} v. Kazakhstan* have still not been "
    "implemented, and {actor} {adv} {verb} {problem}.",
    "In our assessment, the situation of {victims} has **not improved** since {year}.",
]

REC_TEMPLATES = [
    "Amend {law} so that {actor} {must} {obligation}, and end {problem} {qual}.",
    "Ensure that {actor} {obligation2}, and publish every year data on {problem}, "
    "disaggregated by region, sex and age.",
    "Repeal the provisions of {law} that allow {problem}, and guarantee {victims} an "
    "effective remedy before an independent court.",
    "Establish an independent mechanism to {obligation}, with the power to examine "
    "{problem} and to refer cases to the courts.",
    "Train {actor} on the Covenant and on the Istanbul Protocol, and hold accountable "
    "every official responsible for {problem}.",
    "Bring {law} into line with article {art} of the Covenant and consult {victims} "
    "before any further amendment.",
]

NOTE_TEMPLATES = [
    "Interview with {a_victim} in {place}, {month} {year}.",
    "Information provided by a member organisation of the coalition; the names of the "
    "persons concerned are known to the authors.",
    "The figures are based on {n} case files examined by our monitors between {year} and "
    "{year2}.",
    "Decision of the {place} City Court of {day} {month} {year}, case No. {case}.",
    "The full text of the decision is available at <https://example.org/cases/{case}>.",
    "See also the written replies of the State party to the list of issues, which do not "
    "address {problem}.",
    "Letter of {actor} to the coalition of {day} {month} {year}, on file with the authors.",
    "Data of the Committee on Legal Statistics and Special Records for {year}; see "
    "<https://example.org/statistics/{year}>.",
    "The case concerned *{victims}* detained in {place}.",
]

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]

CASE_NAMES = [
    "Ilyasov", "Israil", "Valetov", "Toregozhina", "Yesergepov", "Gerasimov", "Evloev",
    "Abdullayev", "Bekova", "Dzhumabayev", "Kuanyshev", "Mukhametov", "Nurmagambetova",
    "Omarov", "Sarsenbayeva", "Tulegenov", "Zhaksylykov",
]

ARTICLE_TOPICS = {
    "2": "Effective remedies", "3": "Equality of men and women", "6": "Right to life",
    "7": "Torture", "9": "Liberty", "10": "Detention conditions", "12": "Movement",
    "14": "Fair trial", "16": "Legal personality", "17": "Privacy", "18": "Religion",
    "19": "Expression", "21": "Assembly", "22": "Association", "24": "Children",
    "25": "Participation", "26": "Non-discrimination",
}

PARA_KEYWORDS = [
    "complaints", "statistics", "legislation", "practice", "monitoring", "cases",
    "investigations", "courts", "reprisals", "remedies", "training", "data", "access",
    "registration", "sanctions", "detention", "safeguards", "independence", "media",
    "victims", "procedure", "budget", "oversight", "compensation",
]


def _third_person(verb: str) -> str:
    """ "fail to investigate" → "fails to investigate" (the first word agrees)."""
    head, _, rest = verb.partition(" ")
    if head == "do":
        head = "does"
    elif head.endswith("y") and head[-2] not in "aeiou":
        head = head[:-1] + "ies"
    elif head.endswith(("s", "sh", "ch", "x")):
        head += "es"
    else:
        head += "s"
    return f"{head} {rest}".rstrip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Prose:
    """A sentence generator over the vocabulary above."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _fill(self, template: str) -> str:
        r = self.rng
        place, place2 = r.sample(PLACES, 2)
        year = r.randint(2011, 2016)
        actor, verb = r.choice(ACTORS), r.choice(VERBS)
        values = {
            "actor": actor, "verbp": verb,
            "verb": verb if actor in PLURAL_ACTORS else _third_person(verb),
            "victims": r.choice(VICTIMS),
            "problem": r.choice(PROBLEMS), "obligation": r.choice(OBLIGATIONS),
            "law": r.choice(LAWS), "place": place, "place2": place2,
            "adv": r.choice(ADVERBS),
            "verb2": r.choice(["ignore", "tolerate", "justify", "conceal", "excuse"]),
            "conn": r.choice(CONNECTIVES), "year": year, "year2": year + r.randint(1, 3),
            "n": r.randint(12, 900), "m": r.randint(1, 11), "pct": r.randint(8, 93),
            "regions": r.randint(3, 16),
            "art": r.choice(list(ARTICLE_TOPICS)), "month": r.choice(MONTHS),
            "day": r.randint(1, 28), "case": f"{r.randint(1000, 9999)}-{year % 100:02d}",
            "must": r.choice(["must", "are required to", "have a duty to"]),
            "obligation2": r.choice(OBLIGATIONS).replace("ensure", "guarantee", 1),
            "casename": r.choice(CASE_NAMES),
            "a_victim": r.choice(["a former detainee", "a defence lawyer", "a journalist",
                                  "the mother of a victim", "a prison monitor"]),
        }
        if "{qual}" in template:
            values["qual"] = r.choice(QUALIFIERS).format(**values)
        text = template.replace("{Actor}", _cap(values["actor"]))
        text = text.replace("{Conn}", values["conn"])
        return _cap(text.format(**values))

    def sentence(self) -> str:
        """One sentence of report prose."""
        return self._fill(self.rng.choice(TEMPLATES))

    def recommendation(self) -> str:
        """One recommendation to the State."""
        text = self._fill(self.rng.choice(REC_TEMPLATES))
        return text.replace(" .", ".")

    def note(self) -> str:
        """The text of a footnote (may hold a link or italics)."""
        return self._fill(self.rng.choice(NOTE_TEMPLATES))

    def case_name(self) -> str:
        return self.rng.choice(CASE_NAMES)
