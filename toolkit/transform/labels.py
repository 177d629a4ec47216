"""Every label the toolkit writes by itself, in one place, through gettext.

Headings, cross-reference labels, "Ibid.", table headers, assessment names: a
:class:`Labels` object renders them for one language. Grammar that differs between
languages (plural of "Article", list joining) is handled here, never in the writer.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date
from babel.lists import format_list

from toolkit.i18n.messages import Translator
from toolkit.model.languages import catalogue_language
from toolkit.model.mechanisms import Mechanism
from toolkit.model.states import StateNames, StateTable
from toolkit.transform.locators import Locator, parse_locator

NBSP = "\u00a0"

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
ANNEX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


#: Sentence role → the grammatical case of the committee's name, per language.
COMMITTEE_ROLES: dict[str, dict[str, str]] = {
    "by": {"ru": "instrumental", "kk": "genitive"},
    "of": {"ru": "genitive", "kk": "genitive"},
    "to": {"ru": "dative", "kk": "dative"},
    "in": {"ru": "instrumental", "kk": "locative"},
}


class Labels:
    """Labels for one language and one mechanism."""

    def __init__(self, t: Translator, mechanism: Mechanism, *,
                 state_names: dict[str, dict[str, StateNames]] | None = None,
                 states: StateTable | None = None):
        """``state_names``: a submission's own names for States, by code then language
        (``state_name:`` in submission.yaml); they win over the UN table."""
        self.t = t
        self.mechanism = mechanism
        self.states = states or StateTable.load()
        self.state_overrides = state_names or {}

    # ---------------------------------------------------------------- mechanism names
    @property
    def treaty(self) -> str:
        return self.t._(self.mechanism.treaty)

    @property
    def committee(self) -> str:
        return self.t._(self.mechanism.committee)

    def committee_as(self, role: str) -> str:
        """The committee's name in the case a sentence role needs, from the mechanism
        catalogue: "by" (recommendations made by it: Russian instrumental «Комитетом …»,
        Kazakh genitive «… комитеттің»), "of" (genitive), "to" (dative), "in" (considered
        in it: Russian instrumental, Kazakh locative «… комитетте»). English and a
        catalogue without case forms give the name as it is."""
        lang = catalogue_language(self.t.lang)
        case = COMMITTEE_ROLES[role].get(lang)
        forms = self.mechanism.committee_cases.get(lang, {})
        if case is None or case not in forms:
            return self.committee
        return self.t.script(forms[case])

    @property
    def part_articles(self) -> str:
        return self.t._(self.mechanism.part_title)

    def article_title(self, number: str) -> str | None:
        title = self.mechanism.article_title(number)
        return self.t._(title) if title else None

    def theme_name(self, theme_id: str, themes: dict[str, str]) -> str:
        return self.t._(themes.get(theme_id, theme_id))

    # ---------------------------------------------------------------- headings
    def article_heading(self, articles: list[str]) -> str:
        """"Article 7", "Articles 2, 3 and 26", "Article 2, paragraph 3"."""
        t = self.t
        whole = [a for a in articles if "." not in a]
        parts = [a.split(".", 1) for a in articles if "." in a]
        pieces: list[str] = []
        if whole:
            joined = self.join(whole)
            # singular or plural is all a heading needs: 21 articles are still "Articles"
            pieces.append(
                t.ngettext("Article %(list)s", "Articles %(list)s", min(len(whole), 2))
                % {"list": joined}
            )
        for article, paragraph in parts:
            pieces.append(
                t._("Article %(article)s, paragraph %(paragraph)s")
                % {"article": article, "paragraph": paragraph}
            )
        return "; ".join(pieces)

    def ordinal(self, number: int) -> str:
        """"41st" in English (Babel has no English ordinals); the bare number elsewhere,
        where the catalogue's pattern carries the ending ("41-я сессия", "41-сессия")."""
        if self.t.locale.language != "en":
            return str(number)
        if number % 100 in (11, 12, 13):
            suffix = "th"
        else:
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"

    @property
    def draft_mark(self) -> str:
        """The mark a draft build carries in the header of every page."""
        return self.t._("DRAFT")

    def section_heading(self, kind: str) -> str | None:
        """The title of a section written without ``heading`` (None: no default for kind)."""
        t = self.t
        if kind == "introduction":
            return t._("Introduction")
        if kind == "follow-up":
            return t._("Assessment of implementation")
        if kind == "annex":
            return t._("Additional information")
        return None

    @property
    def contents(self) -> str:
        return self.t._("Contents")

    @property
    def part_follow_up(self) -> str:
        return self.t._("Follow-up to the previous recommendations")

    @property
    def recommendations(self) -> str:
        return self.t._("Recommendations")

    @property
    def annexes(self) -> str:
        return self.t._("Annexes")

    def annex_heading(self, letter: str, title: str) -> str:
        return self.t._("Annex %(letter)s. %(title)s") % {"letter": letter, "title": title}

    @property
    def annex_recommendations(self) -> str:
        return self.t._("Summary of recommendations")

    @property
    def annex_previous(self) -> str:
        return self.t._("Implementation of earlier recommendations")

    @property
    def annex_coalition(self) -> str:
        return self.t._("Members of the coalition")

    # ---------------------------------------------------------------- reference phrases
    # Groups, number-only and section references (toolkit.transform.prepare builds them):
    # "recommendations 7 and 8", «пп. 18–21», «7 және 14-баптар», «раздел «Введение»».
    def numbers(self, items: list[str]) -> str:
        """"7", "7 and 8", "7, 8 and 13" (UN usage: no comma before "and")."""
        if len(items) < 2:
            return "".join(items)
        return self.t._("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]),
                                                      "last": items[-1]}

    def numbers_phrase(self, kind: str, numbers: str, count: int) -> str:
        """The noun of ``kind`` with its numbers, singular or plural by ``count`` (the
        number of targets: "recommendations 7–27" stays plural for 21 of them)."""
        t = self.t
        count = min(count, 2)
        if kind == "rec":
            text = t.ngettext("recommendation %(numbers)s", "recommendations %(numbers)s",
                              count)
        elif kind == "para":
            text = t.ngettext("para. %(numbers)s", "paras. %(numbers)s", count)
        elif kind == "table":
            text = t.ngettext("table %(numbers)s", "tables %(numbers)s", count)
        else:  # "article"
            text = t.ngettext("article %(numbers)s", "articles %(numbers)s", count)
        return text % {"numbers": numbers}

    def article_paragraph_ref(self, article: str, paragraph: str) -> str:
        """"article 2, paragraph 3" in running text (lower case: a sentence may follow)."""
        return self.t._("article %(article)s, paragraph %(paragraph)s") % {
            "article": article, "paragraph": paragraph}

    def section_ref(self, title: str) -> str:
        """A section that is not an article's: "section “Introduction”"."""
        return self.t._("section “%(title)s”") % {"title": title}

    def quoted_title(self, title: str) -> str:
        """A section's title as a number-only reference names it: “Introduction”."""
        return self.t._("“%(title)s”") % {"title": title}

    def previous_group(self, document: str, numbers: str, count: int) -> str:
        """"CCPR/C/KAZ/CO/1, paras. 7 and 13": earlier recommendations of one document."""
        count = min(count, 2)
        return self.t.ngettext("%(document)s, para. %(numbers)s",
                               "%(document)s, paras. %(numbers)s", count) % {
            "document": document, "numbers": numbers}

    # ---------------------------------------------------------------- cross-references
    def recommendation_ref(self, number: str) -> str:
        return self.t._("recommendation %(number)s") % {"number": number}

    def paragraph_ref(self, number: str) -> str:
        """"para. 12", «п. 12», «12-тармақ» (the catalogue's locator form)."""
        return self.render_locator(Locator("paragraph", (number,)))

    def table_ref(self, number: str) -> str:
        """A cross-reference to a table in running text: "table 2"."""
        return self.t._("table %(number)s") % {"number": number}

    def table_caption(self, number: str) -> str:
        """The label above a table's caption: "Table 2"."""
        return self.t._("Table %(number)s") % {"number": number}

    def annex_ref(self, letter: str) -> str:
        return self.t._("annex %(letter)s") % {"letter": letter}

    def previous_ref(self, document: str, paragraph: str,
                     state: str | list[str] | None = None) -> str:
        """"CCPR/C/KAZ/CO/1, para. 11" or, for the UPR, "A/HRC/28/10, para. 128.45 (Germany)";
        several States: "(Maldives, Portugal)"."""
        template = self.t._("%(document)s, para. %(paragraph)s")
        template = re.sub(r"(?<=\w\.) (?=%\(paragraph\)s)", NBSP, template)
        text = template % {"document": document, "paragraph": paragraph}
        return text + self.recommending_states(state)

    def recommending_states(self, state: str | list[str] | None) -> str:
        """" (Germany)", " (Maldives, Portugal)" after a UPR number; "" for none."""
        states = [s for s in ([state] if isinstance(state, str) else list(state or [])) if s]
        return f" ({', '.join(self.country_name(s) for s in states)})" if states else ""

    def country_name(self, name: str) -> str:
        """A recommending State as written by users ("United Kingdom", "Turkey", «Германия»,
        "GBR") → its UN short name in the document language. An unknown name is kept as
        written (``check`` warns about it): never a guess."""
        state = self.states.find(name)
        return self._state(state.code, formal=False) if state else name

    def join(self, items: list[str]) -> str:
        """"2, 3 and 26": CLDR's pattern, but Kazakh gets its "және" (CLDR has none)."""
        if self.t.locale.language == "kk" and len(items) > 1:
            return ", ".join(items[:-1]) + " және " + items[-1]
        return format_list(items, locale=self.t.locale)

    def follows_up(self, references: str, count: int) -> str:
        """"Follows up CCPR/C/KAZ/CO/1, paras. 7 and 13"; ``count`` earlier
        recommendations («В развитие рекомендации …» / «… рекомендаций …»)."""
        return self.t.ngettext("Follows up %(references)s", "Follows up %(references)s",
                               min(count, 2)) % {"references": references}

    @property
    def ibid(self) -> str:
        return self.t._("Ibid.")

    def ibid_at(self, locator: str) -> str:
        """"Ibid., p. 5." — the same source as the note before, another place in it.

        ``locator`` is already rendered (see :meth:`locator`); «Сонда, 5-б.» keeps one
        full stop."""
        text = self.t._("Ibid., %(locator)s.") % {"locator": locator}
        return text[:-1] if text.endswith("..") else text

    def locator(self, written: str, *, kazakh_source: bool = False) -> str:
        """A citation's locator in the document language: "p. 12" → «с. 12» → «12-б.».

        Written in any of the three languages; a form the toolkit does not know is kept
        as written. The abbreviation and its number are joined by a no-break space.
        ``kazakh_source``: the submission is written in Kazakh, so «т. 5» is «тармақ»
        (paragraph), not the Russian «том» (volume)."""
        parsed = parse_locator(written, kazakh=kazakh_source)
        return self.render_locator(parsed) if parsed else written

    def render_locator(self, locator: Locator) -> str:
        t = self.t
        count = 2 if locator.plural else 1
        # Kazakh: the ordinal suffix on the number, «12-б.», «18–21-тармақтар», «7-бап»
        if locator.kind == "page":
            template = t.ngettext("p. %(number)s", "pp. %(number)s", count)
        elif locator.kind == "paragraph":
            template = t.ngettext("para. %(number)s", "paras. %(number)s", count)
        elif locator.kind == "article":
            template = t.ngettext("art. %(number)s", "arts. %(number)s", count)
        elif locator.kind == "volume":
            template = t.ngettext("vol. %(number)s", "vols. %(number)s", count)
        else:
            raise KeyError(locator.kind)
        # "p. 12", «с. 12», «12 б.»: the abbreviation never parts from its number
        template = re.sub(r"(?<=\w\.) (?=%\(number\)s)", NBSP, template)
        template = re.sub(r"(?<=%\(number\)s) (?=\w+\.)", NBSP, template)
        items = list(locator.items)
        numbers = self.join(items) if locator.conjunction else ", ".join(items)
        return template % {"number": numbers}

    @property
    def available_at(self) -> str:
        return self.t._("Available at")

    @property
    def notes(self) -> str:
        """The heading of the notes gathered at the end of an HTML edition."""
        return self.t._("Notes")

    def note_label(self, number: int) -> str:
        """What a screen reader says for a note's reference mark: "Note 3"."""
        return self.t._("Note %(number)s") % {"number": number}

    def note_back(self, number: int) -> str:
        """What a screen reader says for the link from a note back to its mark."""
        return self.t._("Back to the text of note %(number)s") % {"number": number}

    # ---------------------------------------------------------------- assessments etc.
    def assessment(self, value: str) -> str:
        t = self.t
        return {
            "implemented": t._("Implemented"),
            "partially-implemented": t._("Partially implemented"),
            "not-implemented": t._("Not implemented"),
            "no-information": t._("No information"),
        }.get(value, value)

    def response(self, value: str | None) -> str:
        t = self.t
        return {"supported": t._("Supported"), "noted": t._("Noted")}.get(value or "", "")

    @property
    def assessment_label(self) -> str:
        return self.t._("Coalition's assessment")

    def table_headers(self, table: str) -> list[str]:
        t = self.t
        if table == "recommendations":
            return [t._("No."), t._("Recommendation"), t._("Follows up"), t._("Section")]
        if table == "previous":
            return [t._("Document and paragraph"), t._("Recommendation"), t._("Assessment"),
                    t._("Discussed in")]
        return [t._("Organisation"), t._("Website")]

    # ---------------------------------------------------------------- dates
    def date(self, value: dt.date) -> str:
        """The date as formal documents write it: "15 May 2016", "15 мая 2016 года"."""
        pattern = self._pattern("d MMMM y")
        return self.t.script(format_date(value, pattern, locale=self.t.locale))

    def month_year(self, value: dt.date) -> str:
        """A month alone takes the nominative: "May 2016", "май 2016 г." (LLLL, not MMMM)."""
        pattern = self._pattern("LLLL y")
        return self.t.script(format_date(value, pattern, locale=self.t.locale))

    def _pattern(self, pattern: str) -> str:
        """A CLDR date pattern from the catalogue (never transliterated: it is code)."""
        return self.t.raw(pattern)

    # ---------------------------------------------------------------- States
    def state_name(self, code: str) -> str:
        """The State's UN short name in the document language: running text, the running
        header, recommending States («Кыргызстан», "Republic of Korea")."""
        return self._state(code, formal=False)

    def state_formal_name(self, code: str) -> str:
        """The State's UN formal name, for the cover («Кыргызская Республика»,
        "United Kingdom of Great Britain and Northern Ireland")."""
        return self._state(code, formal=True)

    def _state(self, code: str, *, formal: bool) -> str:
        lang = catalogue_language(self.t.lang)
        names = self.state_overrides.get(code, {}).get(lang)
        if names is None:
            state = self.states.get(code)
            if state is None:  # reported by check; the code is better than nothing
                return code
            names = state.names.get(lang, state.names["en"])
        return self.t.script(names.formal if formal else names.short)
