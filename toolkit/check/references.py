"""Checks on the document model: do references point somewhere, are ids unique.

The reader has already checked each file's shape; here the files are checked *together*,
the way a coordinator would before sending the report: every cross-reference, citation,
contributor and follow-up link must resolve, and the mechanism must know every article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import (
    Cite,
    Document,
    Inline,
    PreviousRecommendation,
    Ref,
    SourcePos,
)
from toolkit.model.mechanisms import Mechanism
from toolkit.model.walk import text_slots, walk_inlines
from toolkit.read.submission import BROKEN, Origin

if TYPE_CHECKING:
    from toolkit.read.catalogues import SdgEntry

REF_NAMES = {
    "rec": "recommendation",
    "para": "paragraph",
    "sec": "section",
    "prev": "earlier recommendation",
    "table": "table",
}


def check_document(
    doc: Document,
    origins: dict[str, Origin],
    mechanism: Mechanism,
    themes: dict[str, str],
    groups: dict[str, dict[str, str]] | None = None,
    sdg: dict[str, SdgEntry] | None = None,
) -> Diagnostics:
    """Every cross-file problem of a submission, errors and warnings. ``sdg``: the SDG
    catalogue if the caller holds it (else it is read when a code needs it)."""
    diags = Diagnostics()

    def unreadable(target: str, file: str) -> bool:
        """Defined in a file or entry the reader already reported: do not report it again."""
        return BROKEN + f"id:{target}" in origins or BROKEN + f"file:{file}" in origins

    def file_pos(section_id: str, path: tuple[str | int, ...]) -> SourcePos:
        origin = origins.get(f"file:{section_id}")
        return origin.yfile.pos(path) if origin else SourcePos("sections")

    # ---- unique ids
    seen_sections: dict[str, SourcePos] = {}
    seen_paras: dict[str, SourcePos] = {}
    seen_recs: dict[str, SourcePos] = {}
    for section in doc.sections:
        if section.id in seen_sections:
            diags.error(section.pos, f"duplicate section id '{section.id}' "
                        f"(also at {seen_sections[section.id]}): rename one")
        seen_sections.setdefault(section.id, section.pos)
        for item in [*section.paragraphs, *section.tables]:
            if item.id and item.id in seen_paras:
                diags.error(item.pos, f"duplicate paragraph id '{item.id}' "
                            f"(also at {seen_paras[item.id]}): rename one")
            if item.id:
                seen_paras.setdefault(item.id, item.pos)
        for rec in section.recommendations:
            if rec.id and rec.id in seen_recs:
                diags.error(rec.pos, f"duplicate recommendation id '{rec.id}' "
                            f"(also at {seen_recs[rec.id]}): rename one")
            if rec.id:
                seen_recs.setdefault(rec.id, rec.pos)
    coalition_ids: set[str] = set()
    for org in doc.meta.coalition:
        if org.id in coalition_ids:
            diags.error(org.pos or SourcePos("submission.yaml"),
                        f"duplicate coalition id '{org.id}': rename one")
        coalition_ids.add(org.id)

    known = {
        "rec": set(seen_recs),
        "para": {p.id for s in doc.sections for p in s.paragraphs if p.id},
        "sec": set(seen_sections),
        "prev": set(doc.previous),
        "table": {t.id for s in doc.sections for t in s.tables if t.id},
    }

    # ---- references inside every text
    cited: set[str] = set()
    referenced_prev: set[str] = set()

    def check_text(unit: str, content: list[Inline]) -> None:
        origin = origins.get(unit)
        for node in walk_inlines(content):
            if isinstance(node, Ref):
                if node.kind == "prev":
                    referenced_prev.add(node.target)
                if node.target not in known[node.kind] and not unreadable(
                        node.target, "previous" if node.kind == "prev" else ""):
                    needle = f"@{node.kind}:{node.target}"
                    where = origin.pos_of(needle) if origin else SourcePos(unit)
                    diags.error(where, f"{needle} points nowhere: no {REF_NAMES[node.kind]} "
                                f"has id '{node.target}'{_suggest(node.target, known[node.kind])}")
            elif isinstance(node, Cite):
                cited.add(node.key)
                if node.key not in doc.sources and not unreadable(node.key, "sources"):
                    where = origin.pos_of(f"@{node.key}") if origin else SourcePos(unit)
                    diags.error(where, f"citation [@{node.key}] has no entry in sources.yaml"
                                f"{_suggest(node.key, set(doc.sources))}: add it there")

    for slot in text_slots(doc):
        if not slot.plain:
            check_text(slot.unit, slot.get())
    # markup a field does not accept (a footnote in a heading) is refused by the reader
    # (toolkit.read.fields), which also describes it in the JSON Schema

    # ---- contributors, follow-up links, articles
    discussed: set[str] = set()
    for section in doc.sections:
        for i, who in enumerate(section.contributors):
            if who not in coalition_ids:
                diags.error(file_pos(section.id, ("contributors", i)),
                            f"contributor '{who}' is not in the coalition list of "
                            f"submission.yaml{_suggest(who, coalition_ids)}")
        for comment in section.all_comments():
            if comment.by not in coalition_ids:
                diags.error(comment.pos, f"comment by '{comment.by}': no such member in the "
                            f"coalition list of submission.yaml"
                            f"{_suggest(comment.by, coalition_ids)}: write a coalition id")
        for i, prev_id in enumerate(section.previous):
            discussed.add(prev_id)
            if prev_id not in doc.previous and not unreadable(prev_id, "previous"):
                diags.error(file_pos(section.id, ("previous", i)),
                            f"earlier recommendation '{prev_id}' is not in previous.yaml"
                            f"{_suggest(prev_id, set(doc.previous))}")
        for r, rec in enumerate(section.recommendations):
            for i, prev_id in enumerate(rec.follows_up):
                discussed.add(prev_id)
                if prev_id not in doc.previous and not unreadable(prev_id, "previous"):
                    diags.error(file_pos(section.id, ("recommendations", r, "follows_up", i)),
                                f"follows_up '{prev_id}' is not in previous.yaml"
                                f"{_suggest(prev_id, set(doc.previous))}")
        if section.kind == "article":
            if mechanism.uses_themes:
                diags.error(section.pos, f"{mechanism.code.upper()} has no treaty articles: "
                            "use kind: theme with themes: [...]")
            elif not section.articles:
                diags.error(section.pos, "a section of kind article needs articles: [\"7\"]")
            for i, article in enumerate(section.articles):
                problem = None if mechanism.uses_themes else mechanism.article_problem(article)
                if problem is not None:  # a procedural article or unchecked paragraph warns
                    report = diags.error if problem[0] == "error" else diags.warning
                    report(file_pos(section.id, ("articles", i)), problem[1])
        if section.kind == "theme":
            for i, theme in enumerate(section.themes):
                if theme not in themes:
                    diags.error(file_pos(section.id, ("themes", i)),
                                f"unknown theme '{theme}'{_suggest(theme, set(themes))} "
                                "(see toolkit/data/themes.yaml)")
            if not section.themes and not section.heading:
                diags.error(section.pos, "a theme section needs themes: [...] or a heading")

    _check_sdg_and_groups(doc, origins, diags, file_pos, groups, sdg)
    id_errors = len(diags.errors)
    # ---- the mechanism's rules on symbols and references (check and build alike)
    diags.extend(symbol_diagnostics(doc, origins, mechanism))
    # ---- translation ids: `i18n update` refuses two texts with one id (section "source"
    # with paragraph "co1" is "source/co1", the id of sources.yaml's co1 too): say it here
    if id_errors == 0:
        from toolkit.i18n.units import duplicate_ids, extract_units

        # each text's own item position: two texts of one id share one entry of origins
        diags.extend(duplicate_ids(extract_units(doc)))

    # ---- warnings (not while a section file is unreadable: its uses are unknown)
    if BROKEN + "file:sections" in origins:
        return diags
    for prev in doc.previous.values():
        if prev.id not in discussed and prev.id not in referenced_prev:
            diags.warning(prev.pos, f"earlier recommendation '{prev.id}' is not discussed in any "
                          "section: list it under previous: of a follow-up section")
    for key, source in doc.sources.items():
        prefix = key.split(":", 1)[0]
        if ":" in key and prefix in REF_NAMES:
            diags.error(source.pos, f"source key '{key}' begins with '{prefix}:', which marks a "
                        f"cross-reference (@{prefix}:ID): rename the source, e.g. "
                        f"'{prefix}-{key.split(':', 1)[1]}', and its citations")
        elif key not in cited:
            diags.warning(source.pos, f"source '{key}' is never cited")
    return diags


def _check_sdg_and_groups(doc: Document, origins: dict[str, Origin], diags: Diagnostics,
                          file_pos: Callable[[str, tuple[str | int, ...]], SourcePos],
                          groups: dict[str, dict[str, str]] | None,
                          sdg: dict[str, SdgEntry] | None = None) -> None:
    """SDG codes must name a goal ("16") or one of its 169 targets ("16.3"); groups of
    persons should come from the catalogue (a warning: imported names are kept as
    published until the coalition maps them)."""
    from toolkit.read.catalogues import load_sdg

    if sdg is None:  # read only when codes are given
        uses_sdg = any(rec.sdg for section in doc.sections for rec in section.recommendations) \
            or any(prev.sdg for prev in doc.previous.values())
        sdg = load_sdg() if uses_sdg else {}

    def unknown(code: str) -> str:
        goal = code.split(".")[0]
        if goal not in sdg:
            return f"SDG '{code}' does not exist: the goals are 1 to 17"
        same_goal = [c for c in sdg if c.startswith(goal + ".")]
        return (f"SDG target '{code}' does not exist{_suggest(code, set(same_goal))}: goal "
                f"{goal} has targets " + ", ".join(same_goal))

    for section in doc.sections:
        for r, rec in enumerate(section.recommendations):
            for i, code in enumerate(rec.sdg):
                if code not in sdg:
                    diags.error(file_pos(section.id, ("recommendations", r, "sdg", i)),
                                unknown(code))
    for prev in doc.previous.values():
        origin = origins.get(prev.unit)

        def where(field: str, i: int, origin: Origin | None = origin,
                  prev: PreviousRecommendation = prev) -> SourcePos:
            return origin.yfile.pos((*origin.path[:-1], field, i)) if origin else prev.pos

        for i, code in enumerate(prev.sdg):
            if code not in sdg:
                diags.error(where("sdg", i), unknown(code))
        if groups is not None:
            for i, group in enumerate(prev.groups):
                if group not in groups:
                    diags.warning(where("groups", i),
                                  f"group '{group}' is not in the catalogue"
                                  f"{_suggest(group, set(groups))}: use an id of "
                                  "toolkit/data/groups.yaml or add it to your groups.yaml")


def symbol_diagnostics(doc: Document, origins: dict[str, Origin], mechanism: Mechanism
                       ) -> Diagnostics:
    """Document symbols (warnings) and UPR recommendation numbers (errors) at file:line,
    for ``check`` and ``build`` alike (both run this through ``pipeline.load``).

    A symbol is a warning, in both: the mechanism's pattern covers the forms of the UN's
    symbol rules for its series (body/type/State/number, /Add., /Corr., /Rev.), but series
    keep growing and a symbol the toolkit does not know may still be right; the user typed
    it, so the document shows it as typed, and ``build`` repeats the warning. A UPR
    recommendation cited as anything but paragraph.item cannot be found in the Working
    Group report: an error in both.
    """
    diags = Diagnostics()
    title = origins.get("title")  # every field of submission.yaml is in the same file
    review = doc.meta.review
    for name in ("state_report", "list_of_issues", "previous_outcome"):
        symbol = getattr(review, name)
        if symbol and not mechanism.symbol_ok(symbol):
            where = (title.yfile.pos(("review", name)) if title
                     else SourcePos("submission.yaml"))
            diags.warning(where, f"review.{name}: '{symbol}' is not a well-formed "
                          f"{mechanism.code.upper()} document symbol (e.g. "
                          f"{mechanism.symbol_prefix}/{doc.meta.state}/…): check it against "
                          "the UN Official Document System")
    for prev in doc.previous.values():
        origin = origins.get(prev.unit)
        item = origin.path[:-1] if origin else ()

        def pos(field: str, item: tuple[str | int, ...] = item,
                origin: Origin | None = origin, fallback: SourcePos = prev.pos) -> SourcePos:
            return origin.yfile.pos((*item, field)) if origin else fallback

        if not _any_symbol_ok(prev.document):
            diags.warning(pos("document"), f"document '{prev.document}' is not a well-formed "
                          "UN document symbol (e.g. CCPR/C/KAZ/CO/1 or A/HRC/43/10): check it "
                          "against the UN Official Document System")
        if mechanism.uses_themes and not mechanism.recommendation_ref_ok(prev.paragraph):
            diags.error(pos("paragraph"), f"UPR recommendations are cited as paragraph.item "
                        f"of the Working Group report, e.g. 128.45 — got '{prev.paragraph}'")
        if mechanism.uses_themes and not prev.recommending_state:
            diags.warning(prev.pos, "UPR recommendation without recommending_state")
    return diags


def _any_symbol_ok(symbol: str) -> bool:
    from toolkit.model.mechanisms import load_mechanism
    from toolkit.read.schema import MECHANISMS

    return any(load_mechanism(code).symbol_ok(symbol) for code in MECHANISMS)


def _suggest(word: str, candidates: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(candidates), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
