"""The catalogue of review mechanisms (treaty bodies and the UPR) and of UPR themes.

The facts about each mechanism — treaty name, committee, document symbols, article titles,
word limits — live in YAML under ``toolkit/data`` so that they can be corrected without
touching code and extended by users (a coalition reporting to a body the toolkit does not
ship can drop its own ``<code>.yaml`` into a data directory). Every English string is also a
gettext msgid (see :func:`msgids`), so the catalogue is translated like the rest of the UI.

Loading validates strictly: a typo in a user file must produce a message naming the file and
the field, never a traceback or a silently ignored key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)

if TYPE_CHECKING:
    from toolkit.model.diagnostics import Diagnostics

__all__ = [
    "DATA_DIR",
    "MECHANISM_CODES",
    "THEMES_FILE",
    "Article",
    "CatalogueError",
    "LimitSource",
    "Limits",
    "Mechanism",
    "SubmissionType",
    "load_mechanism",
    "load_themes",
    "load_submission_themes",
    "mechanism_codes",
    "msgids",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MECHANISMS_DIR = DATA_DIR / "mechanisms"
THEMES_FILE = DATA_DIR / "themes.yaml"

#: Mechanisms shipped with the toolkit (user data directories may add more).
MECHANISM_CODES: tuple[str, ...] = ("ccpr", "cescr", "cat", "cedaw", "crc", "cerd", "crpd", "upr")

SubmissionType = Literal["joint", "individual"]

#: The grammatical cases of a committee's name that fixed wording uses, per language.
COMMITTEE_CASES: dict[str, tuple[str, ...]] = {
    "ru": ("genitive", "dative", "instrumental"),
    "kk": ("genitive", "dative", "locative"),
}

_CODE_RE = r"^[a-z][a-z0-9_-]*$"
_ARTICLE_NUMBER_RE = re.compile(r"^[0-9]+[a-z]*$")
_THEME_ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# "7", "2.3" / "2(3)" / "2 (3)" (article 2, paragraph 3), optionally "(a)" for a subparagraph.
_ARTICLE_REF_RE = re.compile(
    r"^\s*(?P<article>[0-9]+[a-z]*)"
    r"(?:\.(?P<para>[0-9]+)|\s?\((?P<para_paren>[0-9]+)\))?"
    r"(?:\s?\((?P<sub>[a-z]{1,4})\))?\s*$"
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
PositiveWords = Annotated[int, Field(gt=0)]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that rejects duplicate keys.

    PyYAML keeps the last of two equal keys silently; in a catalogue that hides a typo
    (two entries for article "7"), so it is an error here.
    """

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: set[str] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                        )
                    seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


class CatalogueError(Exception):
    """A catalogue file is missing or invalid.

    The message is meant for the end user: one ``file: field: problem`` line per problem.
    """

    def __init__(self, path: Path | None, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = list(problems)
        prefix = f"{path}: " if path is not None else ""
        super().__init__("\n".join(prefix + p for p in self.problems))


class Article(BaseModel):
    """One article of a treaty, as listed in the catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str
    title: str


Status = Literal["confirmed", "unconfirmed"]


class LimitSource(BaseModel):
    """Where a rule was read: a published page or guide, and when it was read."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    read: date
    #: What the source says, in the toolkit's own words (never a quotation).
    says: Text | None = None


class Limits(BaseModel):
    """Length rules for a submission, as the mechanism's secretariat publishes them.

    ``words`` applies to every submission type; ``words_individual`` / ``words_joint``
    override it (the UPR has different limits for joint submissions). ``None`` means no
    hard limit is known: the toolkit then only reports the count. ``status`` says whether
    the limit was confirmed in ``sources`` (read on the date given) or not; whether
    footnotes count is a rule of its own (``footnotes_status``, ``footnotes_note``,
    ``footnotes_source``), because most sources do not say.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    words: PositiveWords | None = None
    words_individual: PositiveWords | None = None
    words_joint: PositiveWords | None = None
    #: A smaller limit for thematic inputs (CRC): shown by ``stats``, not enforced.
    words_thematic: PositiveWords | None = None
    footnotes_count: bool = True
    cover_counts: bool = False
    annexes_count: bool = False
    #: Free text (user catalogues of older versions); the shipped ones use ``sources``.
    source: Text | None = None
    status: Status = "unconfirmed"
    sources: tuple[LimitSource, ...] = ()
    footnotes_status: Status = "unconfirmed"
    footnotes_note: Text | None = None
    footnotes_source: LimitSource | None = None

    @field_validator("sources", mode="before")
    @classmethod
    def _list_as_tuple(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @model_validator(mode="after")
    def _confirmed_has_a_source(self) -> Limits:
        """A rule marked confirmed must say where it was read."""
        if self.status == "confirmed" and not self.sources:
            raise ValueError("status: confirmed needs sources: (title, url, read)")
        if self.footnotes_status == "confirmed" and self.footnotes_source is None:
            raise ValueError("footnotes_status: confirmed needs footnotes_source:")
        return self

    def word_limit(self, submission_type: SubmissionType) -> int | None:
        """The limit for a joint or individual submission, or ``None`` if there is none."""
        if submission_type == "joint":
            specific = self.words_joint
        elif submission_type == "individual":
            specific = self.words_individual
        else:
            raise ValueError(
                f"submission type must be 'joint' or 'individual', not {submission_type!r}"
            )
        return specific if specific is not None else self.words


class Mechanism(BaseModel):
    """A treaty body or the UPR: what a shadow report needs to know about it."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    code: Annotated[str, StringConstraints(pattern=_CODE_RE)]
    treaty: Text
    treaty_short: Text
    treaty_abbreviation: Text
    committee: Text
    symbol_prefix: Text
    symbol_pattern: Text
    #: Form of a paragraph reference to a recommendation: "23 (a)" in concluding
    #: observations, "128.45" in a UPR Working Group report.
    recommendation_ref_pattern: Text = r"^\d+(?: ?\([a-z]{1,4}\))?$"
    part_title: Text
    limits: Limits
    articles: dict[str, Text] = Field(default_factory=dict)
    #: Theme catalogue for thematic (UPR-style) submissions; resolved to an absolute path.
    themes: Path | None = None
    #: The treaty's last article: articles after the catalogued (substantive) ones up to
    #: it exist (the committee, reporting, entry into force) and are accepted with a warning.
    last_article: Annotated[int, Field(gt=0)] | None = None
    #: Which articles have numbered paragraphs and lettered sub-paragraphs, from the
    #: treaty text: ``"2": a-g`` (letters under the article), ``"16": {"1": a-h, "2": ""}``
    #: (paragraphs, with their letters or none). An article not listed has neither.
    #: ``None``: not catalogued, so paragraph references are accepted with a warning.
    article_parts: dict[str, str | dict[str, str]] | None = None

    @field_validator("article_parts", mode="before")
    @classmethod
    def _parts_as_text(cls, value: Any) -> Any:
        """Unquoted YAML numbers (``16:``, ``1:``) and empty values (``2:``) as text."""
        def text(v: Any) -> Any:
            if v is None:
                return ""
            if isinstance(v, int) and not isinstance(v, bool):
                return str(v)
            if isinstance(v, dict):
                return {text(k): text(x) for k, x in v.items()}
            return v

        return text(value) if isinstance(value, dict) else value

    @field_validator("article_parts")
    @classmethod
    def _parts_well_formed(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        for article, parts in (value or {}).items():
            letters = parts.values() if isinstance(parts, dict) else [parts]
            for item in letters:
                _letters(item)  # raises on a malformed range
            if isinstance(parts, dict) and not all(p.isdigit() for p in parts):
                raise ValueError(f"article_parts.{article}: paragraphs are numbers: "
                                 "{\"1\": a-h, \"2\": \"\"}")
        return value

    #: The committee's name in the grammatical cases fixed wording needs, per language:
    #: ``{ru: {genitive: …, dative: …, instrumental: …}, kk: {genitive: …, dative: …,
    #: locative: …}}`` ("recommendations made by the Committee" → «вынесенные Комитетом»).
    committee_cases: dict[str, dict[str, Text]] = Field(default_factory=dict)

    @field_validator("committee_cases")
    @classmethod
    def _cases_known(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for lang, forms in value.items():
            known = COMMITTEE_CASES.get(lang)
            if known is None:
                raise ValueError(f"no case forms are used for language {lang!r} "
                                 f"(known: {', '.join(COMMITTEE_CASES)})")
            if set(forms) != set(known):
                raise ValueError(f"{lang}: give exactly the cases {', '.join(known)}")
        return value

    @field_validator("articles", mode="before")
    @classmethod
    def _article_keys_as_text(cls, value: Any) -> Any:
        """YAML reads an unquoted ``7:`` as an int; accept it rather than demand quotes."""
        if isinstance(value, dict):
            return {
                str(k) if isinstance(k, int) and not isinstance(k, bool) else k: v
                for k, v in value.items()
            }
        return value

    @field_validator("articles")
    @classmethod
    def _article_numbers(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k in value if not _ARTICLE_NUMBER_RE.match(k)]
        if bad:
            raise ValueError(f"article numbers must look like '7' or '1bis', not {bad!r}")
        return value

    @field_validator("symbol_pattern", "recommendation_ref_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _has_structure(self) -> Mechanism:
        """A report is organised by article or by theme; a mechanism with neither is unusable."""
        if not self.articles and self.themes is None:
            raise ValueError("a mechanism needs 'articles' or 'themes'")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def uses_themes(self) -> bool:
        """Whether sections are organised by theme (UPR) rather than only by article."""
        return self.themes is not None

    def _article_number(self, ref: str) -> str | None:
        match = _ARTICLE_REF_RE.match(ref)
        return match.group("article") if match else None

    def has_article(self, ref: str) -> bool:
        """Whether ``ref`` ("7", "2.3", "2(3)", "14 (3) (d)") names an article of the treaty.

        Only the article part is checked: paragraphs are not catalogued.
        """
        number = self._article_number(ref)
        return number is not None and number in self.articles

    def article_problem(self, ref: str) -> tuple[str, str] | None:
        """What is wrong with the article reference ``ref``, or ``None`` if nothing is.

        Returns ``("error", message)`` for an article or (sub-)paragraph the treaty does
        not have, ``("warning", message)`` for a procedural article (it exists, but a
        shadow report rarely reports under it) or for paragraphs of a treaty whose
        structure is not catalogued (not checked).
        """
        match = _ARTICLE_REF_RE.match(ref)
        if not match:
            return "error", (f"'{ref}' is not an article reference: write 7, 2.3, 2(3), "
                             "2(e) or 16(1)(b)")
        number = match.group("article")
        paragraph = match.group("para") or match.group("para_paren")
        letter = match.group("sub")
        if number not in self.articles:
            digits = int(re.match(r"[0-9]+", number).group())  # type: ignore[union-attr]
            if self.last_article and number.isdigit() and 1 <= digits <= self.last_article:
                return "warning", (f"article {number} of the {self.treaty} is a procedural "
                                   "article (the Committee, reporting, entry into force): "
                                   "accepted, but is that the article you mean?")
            return "error", (f"article '{number}' does not exist in the {self.treaty}"
                             + (f" (articles 1–{self.last_article})"
                                if self.last_article else ""))
        if paragraph is None and letter is None:
            return None
        if self.article_parts is None:
            return "warning", (f"the paragraphs of the {self.treaty} are not catalogued: "
                               f"'{ref.strip()}' is not checked")
        parts = self.article_parts.get(number)
        if paragraph is not None:
            if not isinstance(parts, dict):
                return "error", (f"article {number} of the {self.treaty} has no numbered "
                                 f"paragraphs" + (f"; its sub-paragraphs are lettered: "
                                                  f"{number}({_letters(parts)[0]})"
                                                  if parts else ""))
            if paragraph not in parts:
                return "error", (f"article {number} of the {self.treaty} has no paragraph "
                                 f"{paragraph} (it has {', '.join(parts)})")
            if letter is not None and letter not in _letters(parts[paragraph]):
                return "error", (f"article {number}, paragraph {paragraph} of the "
                                 f"{self.treaty} has no sub-paragraph ({letter})")
            return None
        assert letter is not None
        if isinstance(parts, dict):
            lettered = [p for p, x in parts.items() if letter in _letters(x)]
            hint = f": write {number}({lettered[0]})({letter})" if lettered else ""
            return "error", (f"article {number} of the {self.treaty} has its lettered "
                             f"sub-paragraphs under numbered paragraphs{hint}")
        if letter not in _letters(parts or ""):
            return "error", (f"article {number} of the {self.treaty} has no sub-paragraph "
                             f"({letter})")
        return None

    def article_title(self, ref: str) -> str | None:
        """Title of the article ``ref`` points into, or ``None`` if there is no such article."""
        number = self._article_number(ref)
        return self.articles.get(number) if number is not None else None

    def article(self, ref: str) -> Article | None:
        """The :class:`Article` ``ref`` points into, or ``None``."""
        number = self._article_number(ref)
        if number is None or number not in self.articles:
            return None
        return Article(number=number, title=self.articles[number])

    def article_list(self) -> list[Article]:
        """All articles in numerical order (1, 2, …, 10, not 1, 10, 2)."""
        return [
            Article(number=n, title=t)
            for n, t in sorted(self.articles.items(), key=lambda kv: _number_key(kv[0]))
        ]

    def symbol_ok(self, symbol: str) -> bool:
        """Whether ``symbol`` is a well-formed document symbol of this mechanism's reviews."""
        return re.fullmatch(self.symbol_pattern, symbol) is not None

    def recommendation_ref_ok(self, ref: str) -> bool:
        """Whether ``ref`` has the form used to cite a recommendation ("23 (a)", "128.45")."""
        return re.fullmatch(self.recommendation_ref_pattern, ref) is not None


def _letters(spec: str) -> list[str]:
    """'a-g' → [a … g]; 'a, c' → [a, c]; '' → []."""
    letters: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        bounds = re.fullmatch(r"([a-z])\s*-\s*([a-z])", part)
        if bounds:
            letters.extend(chr(c) for c in range(ord(bounds.group(1)), ord(bounds.group(2)) + 1))
        elif re.fullmatch(r"[a-z]", part):
            letters.append(part)
        else:
            raise ValueError(f"lettered sub-paragraphs are written a-g or a, c, not {spec!r}")
    return letters


def _number_key(number: str) -> tuple[int, str]:
    digits = re.match(r"[0-9]+", number)
    return (int(digits.group()) if digits else 0, number)


# --------------------------------------------------------------------------- file handling


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CatalogueError(path, ["not UTF-8 text"]) from None
    except OSError as exc:
        raise CatalogueError(path, [f"cannot read: {exc.strerror or exc}"]) from None
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader derives from a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueError(path, [f"{where}invalid YAML: {problem}"]) from None


def _validation_problems(exc: ValidationError) -> list[str]:
    """Turn pydantic errors into ``field: message`` lines a non-programmer can act on."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in err["loc"] if part != "[key]") or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (misspelt?)"
        problems.append(f"{loc}: {msg}")
    return problems


def _stamp(path: Path) -> tuple[int, int]:
    """Cache key part that changes when the file is edited."""
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=64)
def _parse_mechanism(path: Path, stamp: tuple[int, int]) -> Mechanism:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(path, ["expected a mapping of fields (code:, treaty:, …)"])
    code = data.get("code")
    if code != path.stem:
        raise CatalogueError(path, [f"code: {code!r} does not match the file name {path.stem!r}"])
    themes = data.get("themes")
    if themes is not None:
        if not isinstance(themes, str) or not themes.strip():
            raise CatalogueError(path, ["themes: expected a file name such as ../themes.yaml"])
        themes_path = (path.parent / themes.strip()).resolve()
        if not themes_path.is_file():
            raise CatalogueError(path, [f"themes: file not found: {themes_path}"])
        data = {**data, "themes": themes_path}
    try:
        return Mechanism.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(path, _validation_problems(exc)) from None


_ThemesAdapter = TypeAdapter(
    dict[Annotated[str, StringConstraints(pattern=_THEME_ID_RE)], Text],
    config=ConfigDict(strict=True),
)


@lru_cache(maxsize=32)
def _parse_themes(path: Path, stamp: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    data = _read_yaml(path)
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise CatalogueError(path, ["expected a mapping of theme ids to names"])
    try:
        return tuple(_ThemesAdapter.validate_python(data).items())
    except ValidationError as exc:
        raise CatalogueError(path, _validation_problems(exc)) from None


def _normalise_code(code: str) -> str:
    norm = code.strip().lower()
    if not re.match(_CODE_RE, norm):
        raise CatalogueError(None, [f"invalid mechanism code {code!r}"])
    return norm


def _check_dirs(extra_dirs: Sequence[Path]) -> list[Path]:
    dirs = [Path(d) for d in extra_dirs]
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        raise CatalogueError(None, [f"data directory not found: {d}" for d in missing])
    return dirs


def _mechanism_file(code: str, extra_dirs: Sequence[Path]) -> Path | None:
    """The file that defines ``code``: the last user directory that has one wins."""
    for directory in reversed(extra_dirs):
        for candidate in (directory / "mechanisms" / f"{code}.yaml", directory / f"{code}.yaml"):
            if candidate.is_file():
                return candidate
    builtin = MECHANISMS_DIR / f"{code}.yaml"
    return builtin if builtin.is_file() else None


# --------------------------------------------------------------------------- public API


def mechanism_codes(extra_dirs: Sequence[Path] = ()) -> tuple[str, ...]:
    """Built-in codes followed by any extra ones defined in user data directories."""
    codes = list(MECHANISM_CODES)
    for directory in _check_dirs(extra_dirs):
        for pattern in ("mechanisms/*.yaml", "*.yaml"):
            for path in sorted(directory.glob(pattern)):
                if re.match(_CODE_RE, path.stem) and path.stem not in codes:
                    codes.append(path.stem)
    return tuple(codes)


def load_mechanism(code: str, extra_dirs: Sequence[Path] = ()) -> Mechanism:
    """Load and validate mechanism ``code``.

    ``extra_dirs`` are user data directories, each holding ``<code>.yaml`` either directly
    or under ``mechanisms/``; a file there replaces (not merges with) the built-in one, and
    later directories take precedence over earlier ones. Results are cached per file and
    re-read when the file changes. Raises :class:`CatalogueError` for an unknown code or a
    bad file.
    """
    norm = _normalise_code(code)
    dirs = _check_dirs(extra_dirs)
    path = _mechanism_file(norm, dirs)
    if path is None:
        known = ", ".join(mechanism_codes(dirs))
        raise CatalogueError(None, [f"unknown mechanism {code!r} (known: {known})"])
    return _parse_mechanism(path.resolve(), _stamp(path))


def load_themes(extra_files: Sequence[Path] = ()) -> dict[str, str]:
    """The theme catalogue: built-in themes, then each extra file adding or renaming themes.

    Returns a fresh dict (id → English name) so callers may modify it.
    """
    themes: dict[str, str] = {}
    files = [THEMES_FILE, *(Path(f) for f in extra_files)]
    for path in files:
        if not path.is_file():
            raise CatalogueError(path, ["theme file not found"])
        themes.update(_parse_themes(path.resolve(), _stamp(path)))
    return themes


def msgids(extra_dirs: Sequence[Path] = (), theme_files: Sequence[Path] = ()) -> Iterator[str]:
    """Every translatable English string of the catalogues, each once, in a stable order.

    Used by the gettext extraction: treaty names, abbreviations (which do change in
    translation, e.g. ICCPR → МПГПП), committee names, part titles, article titles and
    theme names. Document symbols are language-independent and are not included.
    """
    seen: set[str] = set()

    def fresh(strings: Iterator[str]) -> Iterator[str]:
        for s in strings:
            if s not in seen:
                seen.add(s)
                yield s

    for code in mechanism_codes(extra_dirs):
        mech = load_mechanism(code, extra_dirs)
        yield from fresh(
            iter(
                (
                    mech.treaty,
                    mech.treaty_short,
                    mech.treaty_abbreviation,
                    mech.committee,
                    mech.part_title,
                )
            )
        )
        yield from fresh(a.title for a in mech.article_list())
    yield from fresh(iter(load_themes(theme_files).values()))


def load_submission_themes(root: Path, diags: Diagnostics) -> dict[str, str]:
    """The built-in themes plus a coalition's own ``themes.yaml`` beside submission.yaml.

    The file is user input like the submission's other YAML, so it is read the same way:
    the guarded opener (inside the submission, a regular file, at most 1 MB) and the safe
    loader without YAML 1.1 guessing (``on:`` stays the word "on"); every problem is
    reported into ``diags`` at ``file:line``.
    """
    import os

    from toolkit.model.document import SourcePos
    from toolkit.read.yaml_positions import load_yaml

    themes = load_themes()
    path = Path(root) / "themes.yaml"
    if not (path.is_symlink() or path.exists()):
        return themes
    display = os.path.relpath(path, Path.cwd()) if path.is_absolute() else str(path)
    yfile = load_yaml(path, display, diags, Path(root), kind="themes")
    if yfile is None:
        return themes
    if not isinstance(yfile.data, dict):
        diags.error(yfile.pos(()) if yfile.positions else SourcePos(display, 1, 1),
                    "themes.yaml must be a list of theme ids and names: land-rights: Land rights")
        return themes
    for key, name in yfile.data.items():
        pos = yfile.pos((key,))
        if not isinstance(key, str) or not re.fullmatch(_THEME_ID_RE, key):
            diags.error(pos, f"theme id '{key}' may hold only lower-case letters, digits and "
                        "single hyphens (land-rights)")
        elif not isinstance(name, str) or not name.strip():
            diags.error(pos, f"theme '{key}' needs a name: {key}: Its name")
        else:
            themes[key] = name.strip()
    return themes
