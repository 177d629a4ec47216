"""The checks of a submission's catalogues that ``check`` and ``build`` run per language.

The glossary's terms (``build`` and ``check``) and pofilter's quality warnings (``check``)
are split by language, so that each language's worker process checks its own catalogue
while the other languages are rendered or counted (:func:`toolkit.pipeline.per_language`);
their findings are then put back in the order of the submission's languages, so the
messages read as one run would print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.languages import catalogue_language

if TYPE_CHECKING:
    from toolkit.pipeline import Loaded

__all__ = ["CatalogueChecks"]


@dataclass
class CatalogueChecks:
    """What to check in which language's worker: ``kk`` and ``kk-Latn`` share one
    catalogue, checked once (by the first of them)."""

    strict: bool
    quality: bool  # also pofilter's checks
    glossary: Any  # toolkit.read.glossary.Glossary, or None when no catalogue is checked
    checked_by: dict[str, str]  # language → the catalogue its worker checks
    order: list[str]  # the submission's catalogues, in the order of its languages
    #: why the glossary could not be read (``report`` mode): reported once, terms unchecked
    glossary_problem: Diagnostics = field(default_factory=Diagnostics)

    @classmethod
    def plan(cls, loaded: Loaded, langs: list[str], *, strict: bool = False,
             quality: bool = False, report: bool = False) -> CatalogueChecks:
        """Raises UserError for a glossary.yaml that cannot be read (when one is needed),
        unless ``report``: then the terms go unchecked and :meth:`collect` reports it."""
        from toolkit.i18n.files import target_languages

        assert loaded.document is not None
        targets = target_languages(loaded.document)
        checked_by: dict[str, str] = {}
        for lang in langs:
            base = catalogue_language(lang)
            if base in targets and base not in checked_by.values():
                checked_by[lang] = base
        glossary = None
        problem = Diagnostics()
        if checked_by:  # read once, here: a broken glossary.yaml is reported once
            from toolkit.read.glossary import load_glossary

            try:
                glossary = load_glossary(loaded.root)
            except UserError as exc:
                if not report:
                    raise
                problem = exc.diagnostics
        return cls(strict, quality, glossary, checked_by, targets, problem)

    def run(self, loaded: Loaded, lang: str) -> tuple[Diagnostics, Diagnostics]:
        """The glossary's and pofilter's findings in the catalogue ``lang`` is built from
        (empty unless this language checks one)."""
        if lang not in self.checked_by:
            return Diagnostics(), Diagnostics()
        from toolkit.check.terms import term_diagnostics

        assert loaded.document is not None
        origins = loaded.result.origins
        terms = Diagnostics()
        if self.glossary is not None:
            terms = term_diagnostics(loaded.root, loaded.document, origins,
                                     strict=self.strict, glossary=self.glossary, langs=[lang],
                                     catalogues=loaded.catalogue_cache())
        quality = Diagnostics()
        if self.quality:
            from toolkit.check.quality import quality_diagnostics

            quality = quality_diagnostics(loaded.root, loaded.document, origins, langs=[lang],
                                          catalogues=loaded.catalogue_cache())
        return terms, quality

    def collect(self, langs: list[str], found: list[Diagnostics], *, terms: bool = True
                ) -> Diagnostics:
        """Every language's findings, catalogue by catalogue in the submission's order
        (``terms``: the glossary's, after any problem reading it)."""
        by_catalogue = {self.checked_by[lang]: diags
                        for lang, diags in zip(langs, found, strict=True)
                        if lang in self.checked_by}
        out = Diagnostics(list(self.glossary_problem.items) if terms else [])
        for base in self.order:
            if base in by_catalogue:
                out.extend(by_catalogue[base])
        return out
