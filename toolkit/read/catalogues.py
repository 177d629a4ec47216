"""The SDG and groups-of-persons catalogues (toolkit/data/sdg.yaml, groups.yaml).

Read fresh on each call (no process-wide cache); a submission's own ``groups.yaml`` adds
or renames groups the way its ``themes.yaml`` does for themes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SDG_FILE = DATA_DIR / "sdg.yaml"
GROUPS_FILE = DATA_DIR / "groups.yaml"
MAX_CATALOGUE_BYTES = 2 * 2**20


@dataclass(frozen=True)
class SdgEntry:
    """A goal ("16") or target ("16.3") with its short titles by language."""

    code: str
    titles: dict[str, str]

    @property
    def is_goal(self) -> bool:
        return "." not in self.code


def _read_submission_file(path: Path) -> object:
    """A submission's own groups.yaml: through the guarded opener (inside the submission,
    a regular file, capped) and read with every value as the text written."""
    from toolkit.read.files import UnreadableFile, read_guarded

    try:
        data = read_guarded(path, "themes", root=path.parent)
        return yaml.load(data.decode("utf-8"), Loader=_TextLoader)  # noqa: S506
    except UnreadableFile as exc:
        raise UserError(exc.message, SourcePos(str(path))) from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(f"cannot read groups.yaml: {exc}".splitlines()[0],
                        SourcePos(str(path))) from None


class _TextLoader(yaml.SafeLoader):
    """Safe YAML with no implicit typing: ``yes``, ``on``, ``010`` stay the text written."""


_TextLoader.yaml_implicit_resolvers = {}


#: libyaml's safe loader when PyYAML was built with it (ten times faster on sdg.yaml, the
#: same data); the pure-Python one otherwise.
_CatalogueLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> object:
    try:
        if path.stat().st_size > MAX_CATALOGUE_BYTES:
            raise UserError("catalogue file is too large", SourcePos(str(path)))
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_CatalogueLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(f"cannot read the catalogue: {exc}", SourcePos(str(path))) from None


def load_sdg(path: Path = SDG_FILE) -> dict[str, SdgEntry]:
    """Every goal and target by code ("16", "16.3", "5.a")."""
    data = _read(path)
    goals = data.get("goals") if isinstance(data, dict) else None
    if not isinstance(goals, dict):
        raise UserError("sdg.yaml holds goals: {N: {en: …, targets: {…}}}", SourcePos(str(path)))
    out: dict[str, SdgEntry] = {}
    for number, goal in goals.items():
        titles = {k: str(v) for k, v in goal.items() if k != "targets" and isinstance(v, str)}
        out[str(number)] = SdgEntry(str(number), titles)
        for code, target in (goal.get("targets") or {}).items():
            names = target if isinstance(target, dict) else {"en": str(target)}
            out[str(code)] = SdgEntry(str(code), {k: str(v) for k, v in names.items()
                                                  if isinstance(v, str)})
    return out


def load_groups(extra: Path | None = None) -> dict[str, dict[str, str]]:
    """The groups of persons (id → {en, ru, kk}); ``extra`` (a submission's groups.yaml)
    adds groups or renames them."""
    groups: dict[str, dict[str, str]] = {}
    for path in [GROUPS_FILE] + ([extra] if extra is not None and extra.exists() else []):
        data = _read(path) if path == GROUPS_FILE else _read_submission_file(path)
        if not isinstance(data, dict):
            raise UserError("groups.yaml maps ids to {en: name, ru: name, kk: name}",
                            SourcePos(str(path)))
        for ident, names in data.items():
            if isinstance(names, str):
                names = {"en": names}
            if not isinstance(names, dict) or not isinstance(names.get("en"), str):
                raise UserError(f"group '{ident}': give at least en: name", SourcePos(str(path)))
            groups[str(ident)] = {str(k): str(v) for k, v in names.items()}
    return groups
