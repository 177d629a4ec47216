"""A submission's content catalogues, ``locales/<lang>.po``: the public names in one place
for callers written before the split into units, files, plurals, merge, status and audit
(new code imports from those modules)."""

from toolkit.i18n.audit import (
    Audit,
    audit_catalogue,
    check_translation,
    integrity_problems,
    require_translation,
)
from toolkit.i18n.files import (
    catalogue_path,
    display_path,
    load_catalogue,
    target_languages,
    update_hint,
)
from toolkit.i18n.merge import UpdateReport, merge_catalogue, update_catalogue, update_catalogues
from toolkit.i18n.plurals import PLURAL_FORMS, plural_forms_ok
from toolkit.i18n.status import (
    StatusRow,
    catalogue_status,
    entries_by_unit,
    status_totals,
    unit_state,
)
from toolkit.i18n.units import Unit, extract_units, unit_comments, word_count

__all__ = [
    "PLURAL_FORMS",
    "Audit",
    "StatusRow",
    "Unit",
    "UpdateReport",
    "audit_catalogue",
    "catalogue_path",
    "catalogue_status",
    "check_translation",
    "display_path",
    "entries_by_unit",
    "extract_units",
    "integrity_problems",
    "load_catalogue",
    "merge_catalogue",
    "plural_forms_ok",
    "require_translation",
    "status_totals",
    "target_languages",
    "unit_comments",
    "unit_state",
    "update_catalogue",
    "update_catalogues",
    "update_hint",
    "word_count",
]
