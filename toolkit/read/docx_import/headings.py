"""What a heading of a Word report means: an article, the introduction, an annex, the
follow-up part, a recommendations block — in English, Russian and Kazakh."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit.model.mechanisms import Mechanism

# "I.", "A.", "12.", "2)" before a heading's words
ENUMERATOR = re.compile(r"^\s*(?:(?:[IVXLC]{1,6}|[A-ZА-Я]|\d{1,3})[.)]|\d{1,3}(?:\.\d{1,3})+\.?)"
                        r"[\s\t]+(?=\S)")
_NUM = r"\d{1,3}"
_SEP = r"\s*(?:,|\band\b|&|\bи\b|\bжәне\b)\s*"
_NUMS = rf"{_NUM}(?:{_SEP}{_NUM})*"

ARTICLE_FORMS: list[tuple[re.Pattern[str], str]] = [
    # (pattern, how the groups map: "list" = a list of articles; "a.p" / "p.a" = paragraph)
    (re.compile(rf"^Art(?:icle|\.)\s+({_NUM}),?\s+para(?:graph|\.)?s?\s+({_NUM})", re.I), "a.p"),
    (re.compile(rf"^Paragraph\s+({_NUM})\s+of\s+article\s+({_NUM})", re.I), "p.a"),
    (re.compile(rf"^Art(?:icles?|s?\.)\s*({_NUMS})", re.I), "list"),
    (re.compile(rf"^Пункт\s+({_NUM})\s+стать[иья]\s+({_NUM})", re.I), "p.a"),
    (re.compile(rf"^Стать[яи]\s+({_NUM}),?\s+пункт\s+({_NUM})", re.I), "a.p"),
    (re.compile(rf"^Стать(?:я|и|ей)\s+({_NUMS})", re.I), "list"),
    (re.compile(rf"^({_NUM})-бапт(?:ың|ың)\s+({_NUM})-тармағы", re.I), "a.p"),
    (re.compile(rf"^({_NUMS})-бап(?:тар|тары)?\b", re.I), "list"),
]
INTRODUCTION = re.compile(r"^(?:Introduction|Введение|Кіріспе)\b", re.I)
ANNEX = re.compile(r"^(?:(?:[A-ZА-Я]|\d{1,2})\s+қосымша(?:сы)?\b|"
                   r"(?:Annex|Appendix|Приложение|Қосымша)\b(?:\s+([A-ZА-Я]|\d{1,2}|[IVX]{1,4}))?"
                   r")\s*[.:–—-]?\s*", re.I)
FOLLOW_UP = re.compile(
    r"follow[- ]up|implementation of (?:the )?(?:previous|earlier|prior)|"
    r"(?:previous|earlier|prior) (?:recommendations|concluding observations)|"
    r"выполнени\w* (?:предыдущих|прежних|ранее)|предыдущ\w+ (?:рекомендац|заключит)|"
    r"последующ\w+ мер|заключительн\w+ замечани|"
    r"орындал\w*|алдыңғы ұсынымдар|кейінгі шаралар|қорытынды ескертпе", re.I)
RECOMMENDATIONS = re.compile(
    r"^(?:(?:our |key |main )?recommendations?|рекомендаци[ия]|ұсыным(?:дар)?)\b[^.]{0,60}$", re.I)
LEAD_IN = re.compile(
    r"\b(?:we recommend|recommends? that|recommendations?\b[^.]*:\s*$|рекоменд\w*|ұсына\w*|"
    r"ұсыным\w*)", re.I)


@dataclass
class Meaning:
    """What a heading stands for."""

    kind: str  # introduction | follow-up | article | theme | annex | recommendations
    heading: str | None  # the words to keep, None when the toolkit's own title says it
    articles: list[str] = field(default_factory=list)
    note: str = ""  # why it was not recognised as what it looks like


def strip_enumerator(text: str) -> str:
    return ENUMERATOR.sub("", text, count=1).strip()


def _numbers(text: str) -> list[str]:
    return [str(int(n)) for n in re.findall(r"\d+", text)]


def article_numbers(text: str) -> tuple[list[str], str] | None:
    """Articles a heading names, and the rest of the heading after them."""
    for pattern, form in ARTICLE_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        if form == "list":
            articles = _numbers(match.group(1))
        elif form == "a.p":
            articles = [f"{int(match.group(1))}.{int(match.group(2))}"]
        else:
            articles = [f"{int(match.group(2))}.{int(match.group(1))}"]
        return articles, text[match.end():]
    return None


def classify(text: str, mechanism: Mechanism) -> Meaning:
    """The meaning of one heading's text."""
    words = strip_enumerator(text)
    if RECOMMENDATIONS.match(words):
        return Meaning("recommendations", None)
    if INTRODUCTION.match(words):
        rest = INTRODUCTION.sub("", words).strip(" .:–—-")
        return Meaning("introduction", words if rest else None)
    annex = ANNEX.match(words)
    if annex:
        rest = words[annex.end():].strip()
        return Meaning("annex", rest or None)
    found = article_numbers(words)
    if found is not None:
        articles, rest = found
        if mechanism.uses_themes:
            return Meaning("theme", words, note="articles named, but the UPR has no articles")
        unknown = [a for a in articles
                   if (mechanism.article_problem(a) or ("",))[0] == "error"]
        if not unknown:
            keep = rest.strip(" .,:;–—-\t")
            return Meaning("article", words if keep else None, articles)
        return Meaning("theme", words, note=f"article {', '.join(unknown)} is not in the "
                       f"{mechanism.treaty}")
    if FOLLOW_UP.search(words):
        return Meaning("follow-up", words)
    return Meaning("theme", words, note="unclassified")
