"""A synthetic submission with the shape of a real ICCPR shadow report.

``generate(size, folder)`` writes, deterministically for a given seed:

* ``<folder>/<slug>/``: the submission (``submission.yaml``, ``sources.yaml``,
  ``previous.yaml``, ``sections/*.yaml``) — at size 1: 20 sections, 510 paragraphs,
  140 recommendations, 180 footnotes, 50 cross-references, 40 sources, ~58,000 words;
  every figure is multiplied by ``size``;
* ``<folder>/edited/sections/``: the same section files with 10 % of the paragraphs
  edited (for timing ``toolkit i18n update``);
* ``<folder>/report.md``: the same content as pandoc Markdown (the pandoc baseline).

Text pieces are kept in a tiny structure of their own so that the YAML markup and the
Markdown are rendered independently of the toolkit.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from prose import ARTICLE_TOPICS, PARA_KEYWORDS, Prose

#: ("t", text) | ("note", text) | ("cite", key, locator or "") | ("ref", kind, target)
Piece = tuple[str, ...]
Slot = list[Piece]  # one sentence and the footnotes that follow it

# Figures of the real report at size 1.
PARAS_INTRO, PARAS_FOLLOW_UP, PARAS_ARTICLES, PARAS_ANNEX = 6, 20, 476, 8
RECS_FOLLOW_UP, RECS_ARTICLES = 4, 136
NOTES, CITES = 70, 110  # 180 footnotes
REFS = {"rec": 15, "para": 15, "sec": 12, "prev": 8}  # 50 cross-references
SOURCES, PREVIOUS = 40, 10
PARA_WORDS = (94, 30)  # mean, spread of a paragraph's length in words
IBID_CHANCE = 0.3
EDIT_SHARE = 0.10
ARTICLES = list(ARTICLE_TOPICS)  # 17 articles of the Covenant
SDG_TARGETS = ["16.3", "16.10", "5.2", "10.3", "8.7", "16.1", "4.7", "16.b"]
ASSESSMENTS = ["implemented", "partially-implemented", "not-implemented", "no-information"]
PREV_DOCUMENT = "CCPR/C/KAZ/CO/1"
WORD_LIMIT = 80_000  # per size unit (submission.yaml limits.words)

COALITION = [
    ("kibhr", "Kazakhstan International Bureau for Human Rights and Rule of Law",
     "https://bureau.kz"),
    ("charter", "Charter for Human Rights", "https://example.org/charter"),
    ("lprc", "Legal Policy Research Centre", "https://lprc.kz"),
    ("adilsoz", "Adil Soz International Foundation for Protection of Freedom of Speech",
     "http://www.adilsoz.kz"),
    ("kadir-kassiet", "Kadir-Kassiet Public Association", None),
    ("ili", "International Legal Initiative", "https://example.org/ili"),
]

SOURCE_ORGS = [
    ("kibhr", "KIBHR"), ("adilsoz", "Adil Soz"), ("odihr", "OSCE/ODIHR"),
    ("hrw", "Human Rights Watch"), ("ai", "Amnesty International"),
    ("fh", "Freedom House"), ("pri", "Penal Reform International"),
    ("art19", "ARTICLE 19"), ("iphr", "International Partnership for Human Rights"),
    ("nhc", "Norwegian Helsinki Committee"), ("lprc", "Legal Policy Research Centre"),
    ("cat", "Committee against Torture"), ("hrc", "Human Rights Committee"),
    ("srfaa", "Special Rapporteur on the rights to freedom of peaceful assembly"),
    ("srfrb", "Special Rapporteur on freedom of religion or belief"),
]

SOURCE_TITLES = [
    "Annual report on the human rights situation in Kazakhstan",
    "Monitoring of court proceedings in criminal cases",
    "Torture prevention in places of detention: findings of public monitoring",
    "Freedom of expression in Kazakhstan: cases and trends",
    "Mission to Kazakhstan",
    "Concluding observations on the periodic report of Kazakhstan",
    "Peaceful assemblies in Central Asia: law and practice",
    "Religious freedom and the law on extremism",
    "Access to justice for persons with disabilities",
    "The independence of the judiciary in Kazakhstan",
    "Domestic violence: the gap between law and protection",
    "Labour rights and the prosecution of strike leaders",
]


@dataclass
class Para:
    id: str | None
    slots: list[Slot]
    edit: str = ""  # a sentence prepended in the edited variant


@dataclass
class Rec:
    id: str | None
    pieces: list[Piece]
    follows_up: list[str] = field(default_factory=list)
    sdg: list[str] = field(default_factory=list)


@dataclass
class Sec:
    id: str
    kind: str
    heading: str | None
    articles: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    recs: list[Rec] = field(default_factory=list)
    filename: str = ""


@dataclass
class SourceEntry:
    key: str
    citation: str
    url: str | None


@dataclass
class Prev:
    id: str
    paragraph: str
    text: str
    assessment: str


@dataclass
class Stats:
    """What was generated (printed as a sanity figure)."""

    sections: int = 0
    paragraphs: int = 0
    recommendations: int = 0
    notes: int = 0
    citations: int = 0
    ibid: int = 0
    refs: int = 0
    sources: int = 0
    previous: int = 0
    words: int = 0
    edited: int = 0

    @property
    def footnotes(self) -> int:
        return self.notes + self.citations


@dataclass
class Report:
    size: int
    title: str
    sections: list[Sec]
    sources: list[SourceEntry]
    previous: list[Prev]
    stats: Stats


@dataclass
class Generated:
    """Paths of one generated size."""

    folder: Path
    submission: Path
    edited_sections: Path
    markdown: Path
    stats: Stats


# --------------------------------------------------------------------------- building


def _split(total: int, parts: int, rng: random.Random, spread: float) -> list[int]:
    """``total`` split into ``parts`` positive integers that vary by about ``spread``."""
    weights = [max(0.2, rng.gauss(1.0, spread)) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    i = 0
    while sum(counts) != total:
        step = 1 if sum(counts) < total else -1
        if counts[i % parts] + step >= 1:
            counts[i % parts] += step
        i += 1
    return counts


def _paragraph_slots(prose: Prose, rng: random.Random) -> list[Slot]:
    target = int(min(190, max(45, rng.gauss(*PARA_WORDS))))
    slots: list[Slot] = []
    words = 0
    while words < target:
        sentence = prose.sentence()
        words += len(sentence.split())
        slots.append([("t", sentence)])
    return slots


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def build_report(size: int, seed: int) -> Report:
    """The whole synthetic report in memory (no files)."""
    rng = random.Random(seed * 1000 + size)
    prose = Prose(rng)
    stats = Stats()
    ids: set[str] = set()

    sources = _sources(SOURCES * size, rng, prose)
    previous = _previous(PREVIOUS * size, rng, prose)
    coalition_ids = [c[0] for c in COALITION]

    def contributors() -> list[str]:
        return sorted(rng.sample(coalition_ids, rng.randint(1, 4)),
                      key=coalition_ids.index)

    def paras(count: int, sid: str) -> list[Para]:
        out = []
        for _ in range(count):
            pid = None
            if rng.random() < 0.6:
                pid = _unique(f"{sid}-{rng.choice(PARA_KEYWORDS)}", ids)
            out.append(Para(pid, _paragraph_slots(prose, rng)))
        return out

    def recs(count: int, sid: str, prev_ids: list[str], follow_share: float) -> list[Rec]:
        out = []
        for _ in range(count):
            rid = _unique(f"{sid}-rec-{rng.choice(PARA_KEYWORDS)}", ids) \
                if rng.random() < 0.7 else None
            follows = sorted(rng.sample(prev_ids, rng.randint(1, 2))) \
                if rng.random() < follow_share else []
            sdg = [rng.choice(SDG_TARGETS)] if rng.random() < 0.2 else []
            out.append(Rec(rid, [("t", prose.recommendation())], follows, sdg))
        return out

    intros: list[Sec] = []
    follow_ups: list[Sec] = []
    articles: list[Sec] = []
    annexes: list[Sec] = []
    for copy in range(size):
        suffix = f"-{copy + 1}" if copy else ""
        prev_ids = [p.id for p in previous[copy * PREVIOUS:(copy + 1) * PREVIOUS]]
        sid = _unique(f"introduction{suffix}", ids)
        intros.append(Sec(sid, "introduction", "Introduction", contributors=coalition_ids,
                          paras=paras(PARAS_INTRO, "intro" + suffix)))
        sid = _unique(f"follow-up{suffix}", ids)
        follow_ups.append(Sec(
            sid, "follow-up", "Follow-up to the concluding observations of 2011",
            contributors=contributors(), previous=prev_ids,
            paras=paras(PARAS_FOLLOW_UP, sid), recs=recs(RECS_FOLLOW_UP, sid, prev_ids, 0.9)))
        para_counts = _split(PARAS_ARTICLES, len(ARTICLES), rng, 0.3)
        rec_counts = _split(RECS_ARTICLES, len(ARTICLES), rng, 0.3)
        for article, n_paras, n_recs in zip(ARTICLES, para_counts, rec_counts, strict=True):
            sid = _unique(f"art{article}{suffix}", ids)
            articles.append(Sec(sid, "article", None, articles=[article],
                                contributors=contributors(), paras=paras(n_paras, sid),
                                recs=recs(n_recs, sid, prev_ids, 0.3)))
        sid = _unique(f"annex-methodology{suffix}", ids)
        annexes.append(Sec(sid, "annex", "Methodology and cases referred to",
                           contributors=contributors(), paras=paras(PARAS_ANNEX, sid)))
    sections = intros + follow_ups + articles + annexes  # file order = reading order
    for index, sec in enumerate(sections):
        sec.filename = f"{index * 10:04d}-{sec.id}.yaml"

    _add_refs(sections, previous, size, rng, stats)
    _add_footnotes(sections, sources, size, rng, prose, stats)
    _add_edits(sections, rng, prose, stats)

    stats.sections = len(sections)
    stats.paragraphs = sum(len(s.paras) for s in sections)
    stats.recommendations = sum(len(s.recs) for s in sections)
    stats.sources = len(sources)
    stats.previous = len(previous)
    stats.words = _count_words(sections)
    title = ("Comments of human rights NGOs on the second periodic report of Kazakhstan "
             f"(synthetic benchmark, size {size})")
    return Report(size, title, sections, sources, previous, stats)


def _sources(count: int, rng: random.Random, prose: Prose) -> list[SourceEntry]:
    out: list[SourceEntry] = []
    taken: set[str] = set()
    for _ in range(count):
        slug, org = rng.choice(SOURCE_ORGS)
        year = rng.randint(2006, 2016)
        key = _unique(f"{slug}-{year}", taken)
        title = rng.choice(SOURCE_TITLES)
        place = rng.choice(["Almaty", "Astana", "Warsaw", "Geneva", "Vienna", "London"])
        form = rng.random()
        if form < 0.5:
            citation = f"{org}, *{title}* ({place}, {year})"
        elif form < 0.8:
            citation = (f"{org}, *{title}*, A/HRC/{rng.randint(20, 33)}/{rng.randint(10, 70)}"
                        f"/Add.{rng.randint(1, 3)}, {rng.randint(1, 28)} "
                        f"{rng.choice(['March', 'June', 'December'])} {year}")
        else:
            citation = (f"\"{prose.sentence().rstrip('.')}\", "
                        f"*{rng.choice(['Kursiv', 'Vlast.kz', 'Radio Azattyq'])}*, {year}")
        url = f"https://example.org/{slug}/{year}/{key}.pdf" if rng.random() < 0.6 else None
        out.append(SourceEntry(key, citation, url))
    return out


def _previous(count: int, rng: random.Random, prose: Prose) -> list[Prev]:
    numbers = sorted(rng.sample(range(5, 5 + 4 * count), count))
    return [
        Prev(f"co1-{n}", str(n), prose.recommendation(), rng.choice(ASSESSMENTS))
        for n in numbers
    ]


REF_SENTENCES = {
    "para": ["This issue is discussed further in ", "See also ",
             "The same pattern is described in "],
    "sec": ["See also ", "This concern is developed in ", "The legal framework is set out in "],
    "rec": ["Our proposals on this point are set out in ", "See our proposal in "],
    "prev": ["The Committee addressed the same concern in ",
             "This was already recommended in "],
}


def _add_refs(sections: list[Sec], previous: list[Prev], size: int, rng: random.Random,
              stats: Stats) -> None:
    """50 cross-references per size unit, 80 % in paragraphs and 20 % in recommendations."""
    targets = {
        "sec": [s.id for s in sections],
        "para": [p.id for s in sections for p in s.paras if p.id],
        "rec": [r.id for s in sections for r in s.recs if r.id],
        "prev": [p.id for p in previous],
    }
    all_paras = [p for s in sections for p in s.paras]
    all_recs = [r for s in sections for r in s.recs]
    for kind, per_unit in REFS.items():
        for i in range(per_unit * size):
            target = rng.choice(targets[kind])
            if i % 5 == 4:  # in a recommendation: "… (see @para:x)."
                rec = rng.choice(all_recs)
                text = rec.pieces[-1][1]
                rec.pieces[-1] = ("t", text.rstrip("."))
                rec.pieces += [("t", " (see "), ("ref", kind, target), ("t", ").")]
            else:
                para = rng.choice(all_paras)
                lead = rng.choice(REF_SENTENCES[kind])
                slot: Slot = [("t", lead), ("ref", kind, target), ("t", ".")]
                para.slots.insert(rng.randint(1, len(para.slots)), slot)
            stats.refs += 1


def _add_footnotes(sections: list[Sec], sources: list[SourceEntry], size: int,
                   rng: random.Random, prose: Prose, stats: Stats) -> None:
    """180 footnotes per size unit at sentence ends: notes and citations, some "Ibid."."""
    slots = [slot for s in sections for p in s.paras for slot in p.slots]
    total = (NOTES + CITES) * size
    chosen = sorted(rng.sample(range(len(slots)), total))  # reading order
    kinds = ["note"] * (NOTES * size) + ["cite"] * (CITES * size)
    rng.shuffle(kinds)
    fresh = [s.key for s in sources]
    rng.shuffle(fresh)
    last_key: str | None = None
    for index, kind in zip(chosen, kinds, strict=True):
        slot = slots[index]
        if kind == "note":
            slot.append(("note", prose.note()))
            stats.notes += 1
            last_key = None
            continue
        if last_key is not None and rng.random() < IBID_CHANCE:
            key = last_key
        else:
            key = fresh.pop() if fresh else rng.choice(sources).key
        stats.ibid += key == last_key
        form = rng.random()
        if form < 0.6:
            locator = f"p. {rng.randint(1, 240)}"
        elif form < 0.8:
            locator = f"para. {rng.randint(1, 90)}"
        else:
            locator = ""
        slot.append(("cite", key, locator))
        stats.citations += 1
        last_key = key


def _add_edits(sections: list[Sec], rng: random.Random, prose: Prose, stats: Stats) -> None:
    paras = [p for s in sections for p in s.paras]
    for para in rng.sample(paras, round(len(paras) * EDIT_SHARE)):
        para.edit = prose.sentence()
        stats.edited += 1


def _count_words(sections: list[Sec]) -> int:
    words = 0
    for sec in sections:
        pieces = [pc for p in sec.paras for slot in p.slots for pc in slot]
        pieces += [pc for r in sec.recs for pc in r.pieces]
        for piece in pieces:
            if piece[0] in ("t", "note"):
                words += len(piece[1].split())
            elif piece[0] == "ref":
                words += 2
    return words


# --------------------------------------------------------------------------- YAML


def _markup(pieces: list[Piece]) -> str:
    out = []
    for piece in pieces:
        kind = piece[0]
        if kind == "t":
            out.append(piece[1])
        elif kind == "note":
            out.append(f"^[{piece[1]}]")
        elif kind == "cite":
            out.append(f"[@{piece[1]}, {piece[2]}]" if piece[2] else f"[@{piece[1]}]")
        else:
            out.append(f"@{piece[1]}:{piece[2]}")
    return "".join(out)


def _para_pieces(para: Para, edited: bool) -> list[Piece]:
    slots = ([[("t", para.edit)]] if edited and para.edit else []) + para.slots
    pieces: list[Piece] = []
    for i, slot in enumerate(slots):
        first = slot[0]
        pieces.append(("t", (" " if i else "") + first[1]) if first[0] == "t" else first)
        pieces.extend(slot[1:])
    return pieces


def _block(text: str, indent: int) -> str:
    """A folded block scalar, wrapped like a person would write it."""
    lines = textwrap.wrap(text, width=90 - indent, break_long_words=False,
                          break_on_hyphens=False)
    pad = " " * indent
    return ">\n" + "".join(f"{pad}{line}\n" for line in lines)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) if i[:1].isdigit() else i for i in items) + "]"


def section_yaml(sec: Sec, edited: bool = False) -> str:
    """One ``sections/*.yaml`` file."""
    out = [f"id: {sec.id}\n", f"kind: {sec.kind}\n"]
    if sec.articles:
        out.append(f"articles: {_flow(sec.articles)}\n")
    out.append(f"heading: {json.dumps(sec.heading) if sec.heading else 'null'}\n")
    out.append(f"contributors: {_flow(sec.contributors)}\n")
    if sec.previous:
        out.append(f"previous: {_flow(sec.previous)}\n")
    if sec.paras:
        out.append("paragraphs:\n")
        for para in sec.paras:
            if para.id:
                out.append(f"  - id: {para.id}\n    text: ")
            else:
                out.append("  - text: ")
            out.append(_block(_markup(_para_pieces(para, edited)), 6))
    if sec.recs:
        out.append("recommendations:\n")
        for rec in sec.recs:
            out.append(f"  - id: {rec.id}\n    text: " if rec.id else "  - text: ")
            out.append(_block(_markup(rec.pieces), 6))
            if rec.follows_up:
                out.append(f"    follows_up: {_flow(rec.follows_up)}\n")
            if rec.sdg:
                out.append(f"    sdg: {_flow(rec.sdg)}\n")
    return "".join(out)


def submission_yaml(report: Report) -> str:
    lines = [
        f"title: {json.dumps(report.title)}",
        "mechanism: ccpr",
        "state: KAZ",
        "submission_type: joint",
        "review:",
        "  state_report: CCPR/C/KAZ/2",
        "  session: 117",
        "  list_of_issues: CCPR/C/KAZ/Q/2",
        f"  previous_outcome: {PREV_DOCUMENT}",
        "date: 2016-05-30",
        "place: Almaty",
        "source_language: en",
        "languages: [en, ru, kk]",
        "numbering: {paragraphs: continuous, recommendations: continuous}",
        # A real report of this length is over the Committee's 10,000 words; the override
        # keeps the word-limit check from failing the benchmark.
        f"limits: {{words: {WORD_LIMIT * report.size}}}",
        "coalition:",
    ]
    for cid, name, website in COALITION:
        lines.append(f"  - id: {cid}")
        lines.append(f"    name: {name}")
        if website:
            lines.append(f"    website: {website}")
    return "\n".join(lines) + "\n"


def sources_yaml(report: Report) -> str:
    out = []
    for src in report.sources:
        out.append(f"{src.key}:\n  citation: {_block(src.citation, 4)}")
        if src.url:
            out.append(f"  url: {src.url}\n")
    return "".join(out)


def previous_yaml(report: Report) -> str:
    out = []
    for prev in report.previous:
        out.append(f"- id: {prev.id}\n  document: {PREV_DOCUMENT}\n"
                   f"  paragraph: \"{prev.paragraph}\"\n  text: {_block(prev.text, 4)}"
                   f"  assessment: {prev.assessment}\n")
    return "".join(out)


# --------------------------------------------------------------------------- Markdown


def _labels(report: Report) -> dict[tuple[str, str], str]:
    """What each cross-reference reads as (continuous numbering, reading order)."""
    labels: dict[tuple[str, str], str] = {}
    para_no = rec_no = 0
    annex = 3  # annexes A–C are generated
    for sec in report.sections:
        if sec.kind == "annex":
            labels[("sec", sec.id)] = f"annex {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[annex]}"
            annex += 1
        elif sec.kind == "article":
            labels[("sec", sec.id)] = f"Article {sec.articles[0]}"
        else:
            labels[("sec", sec.id)] = sec.heading or sec.id
        for para in sec.paras:
            para_no += 1
            if para.id:
                labels[("para", para.id)] = f"para. {para_no}"
        for rec in sec.recs:
            rec_no += 1
            if rec.id:
                labels[("rec", rec.id)] = f"recommendation {rec_no}"
    for prev in report.previous:
        labels[("prev", prev.id)] = f"{PREV_DOCUMENT}, para. {prev.paragraph}"
    return labels


class _MdWriter:
    """Renders pieces as pandoc Markdown: citations become footnote text, "Ibid." included."""

    def __init__(self, report: Report) -> None:
        self.labels = _labels(report)
        self.sources = {s.key: s for s in report.sources}
        self.last: tuple[str, str] | None = None

    def cite(self, key: str, locator: str) -> str:
        if self.last is not None and self.last[0] == key:
            text = "Ibid." if self.last[1] == locator else f"Ibid., {locator}."
        else:
            src = self.sources[key]
            text = src.citation + (f", {locator}" if locator else "") + "."
            if src.url:
                text += f" Available at: <{src.url}>"
        self.last = (key, locator)
        return f"^[{text}]"

    def inline(self, pieces: list[Piece]) -> str:
        out = []
        for piece in pieces:
            kind = piece[0]
            if kind == "t":
                out.append(piece[1])
            elif kind == "note":
                out.append(f"^[{piece[1]}]")
                self.last = None
            elif kind == "cite":
                out.append(self.cite(piece[1], piece[2]))
            else:
                out.append(self.labels[(piece[1], piece[2])])
        return "".join(out)


def report_markdown(report: Report) -> str:
    """The whole report as pandoc Markdown with real footnotes."""
    md = _MdWriter(report)
    out = [f"---\ntitle: {json.dumps(report.title)}\n"
           "subtitle: \"Joint submission to the Human Rights Committee, 117th session\"\n"
           "date: \"30 May 2016\"\n---\n\n"]
    part = {"follow-up": "I. Follow-up to the previous recommendations",
            "article": "II. The Covenant article by article"}
    seen_parts: set[str] = set()
    para_no = rec_no = 0
    all_recs: list[tuple[int, str]] = []
    prev_by_id = {p.id: p for p in report.previous}
    annex = 3
    for sec in report.sections:
        if sec.kind in part and sec.kind not in seen_parts:
            seen_parts.add(sec.kind)
            out.append(f"# {part[sec.kind]}\n\n")
        if sec.kind == "annex":
            if "annex" not in seen_parts:
                seen_parts.add("annex")
                out.append(_generated_annexes(report, all_recs, prev_by_id))
            letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[annex]
            annex += 1
            out.append(f"## Annex {letter}. {sec.heading}\n\n")
        elif sec.kind == "article":
            art = sec.articles[0]
            out.append(f"## Article {art}. {ARTICLE_TOPICS[art]}\n\n")
        else:
            level = "#" if sec.kind == "introduction" else "##"
            out.append(f"{level} {sec.heading}\n\n")
        for prev_id in sec.previous:
            prev = prev_by_id[prev_id]
            out.append(f"> {PREV_DOCUMENT}, para. {prev.paragraph}: {prev.text}\n\n")
        for para in sec.paras:
            para_no += 1
            out.append(f"{para_no}\\. {md.inline(_para_pieces(para, False))}\n\n")
        if sec.recs:
            out.append("### Recommendations\n\n")
            for rec in sec.recs:
                rec_no += 1
                text = md.inline(rec.pieces)
                all_recs.append((rec_no, text))
                out.append(f"**Recommendation {rec_no}.** {text}\n\n")
    return "".join(out)


def _generated_annexes(report: Report, recs: list[tuple[int, str]],
                       prev_by_id: dict[str, Prev]) -> str:
    """Annexes A–C, which the toolkit generates, so that both documents hold the same."""
    out = ["# Annexes\n\n## Annex A. Summary of recommendations\n\n"]
    out += [f"{n}. {text}\n" for n, text in recs]
    out.append("\n## Annex B. Implementation of earlier recommendations\n\n"
               "| Recommendation | Text | Assessment |\n|---|---|---|\n")
    for prev in prev_by_id.values():
        out.append(f"| {PREV_DOCUMENT}, para. {prev.paragraph} | {prev.text} | "
                   f"{prev.assessment.replace('-', ' ')} |\n")
    out.append("\n## Annex C. Members of the coalition\n\n")
    out += [f"- {name}" + (f" (<{site}>)" if site else "") + "\n"
            for _, name, site in COALITION]
    out.append("\n")
    return "".join(out)


# --------------------------------------------------------------------------- files


def generate(size: int, folder: Path, seed: int = 2016) -> Generated:
    """Write the submission, its edited sections and ``report.md`` under ``folder``."""
    report = build_report(size, seed)
    root = folder / f"bench-ccpr-{size}x"
    sections_dir = root / "sections"
    edited_dir = folder / "edited" / "sections"
    for path in (sections_dir, edited_dir, root / "locales"):
        path.mkdir(parents=True, exist_ok=True)
    (root / "submission.yaml").write_text(submission_yaml(report), encoding="utf-8")
    (root / "sources.yaml").write_text(sources_yaml(report), encoding="utf-8")
    (root / "previous.yaml").write_text(previous_yaml(report), encoding="utf-8")
    for sec in report.sections:
        (sections_dir / sec.filename).write_text(section_yaml(sec), encoding="utf-8")
        if any(p.edit for p in sec.paras):
            (edited_dir / sec.filename).write_text(section_yaml(sec, edited=True),
                                                   encoding="utf-8")
    markdown = folder / "report.md"
    markdown.write_text(report_markdown(report), encoding="utf-8")
    return Generated(folder, root, edited_dir, markdown, report.stats)
