"""Translation memory: re-use what was translated before (``i18n update --memory``).

A memory is read from PO catalogues, submission folders (their ``locales/<lang>.po``) or
TMX files. Only reviewed translations (not fuzzy) are remembered. An untranslated entry
whose source text is remembered word for word gets the translation (``#. memory: origin``);
one whose source is close (a word-level similarity of at least 75 %) gets the remembered
translation as fuzzy, with the remembered source as ``#| msgid`` so the translator sees what
differs. An entry that already holds a translation, reviewed or fuzzy, is never touched.

Look-ups are indexed, never pairwise: exact text by dictionary; near matches through an
inverted index of each text's rarest words (see :class:`TranslationMemory`): only texts of
a comparable length found there are candidates, and only the five that share the most
rare words are compared word by word with :mod:`difflib`. A near match whose every rare
word was edited is missed: the price of a look-up whose cost does not grow with the
memory.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import chain
from pathlib import Path

from toolkit.i18n.po import (
    PoEntry,
    PoError,
    PoFile,
    get_header_field,
    header_charset,
    parse_po,
    parse_string,
)
from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos

__all__ = [
    "NEAR",
    "MemoryEntry",
    "MemoryReport",
    "MemorySource",
    "TranslationMemory",
    "apply_memory",
    "export_memory",
    "fill_from_memory",
    "keep_memory_notes",
    "read_memory",
    "source_language_of",
]

#: The lowest similarity offered as a near match.
NEAR = 0.75
#: How many candidates (most rare words in common) are compared word by word.
_SCORED = 5
#: How many of its rarest words index a remembered text, and find a query's candidates.
_INDEXED = 12
_RARE = 8
#: A word held by more than this many remembered texts (or 1 % of them, if more) is
#: too common to find candidates by.
_COMMON_MIN = 50
#: Extracted-comment prefix that names where a translation came from.
NOTE = "memory: "

_CATALOGUE_NAME = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]+)*\.po")


@dataclass(frozen=True)
class MemoryEntry:
    """A remembered translation: source and target text, and where it came from."""

    source: str
    target: str
    origin: str
    source_lang: str | None  # None: not known (a bare PO file)
    target_lang: str
    context: str | None = None  # the unit id (msgctxt) it had there


@dataclass
class MemoryReport:
    exact: int = 0
    near: int = 0


def _base(tag: str) -> str:
    """``ru``, ``ru-RU`` → ``ru``; a script subtag (``kk-Latn``) stays: another language
    for the catalogues."""
    parts = tag.replace("_", "-").split("-")
    if len(parts) > 1 and len(parts[1]) == 4 and parts[1].isalpha():
        return f"{parts[0].lower()}-{parts[1].title()}"
    return parts[0].lower()


@dataclass
class TranslationMemory:
    """The memory for one pair of languages, indexed for exact and near look-ups.

    Near look-ups use prefix filtering: words are ordered by how few remembered texts
    hold them (then alphabetically); each remembered text is indexed under its
    :data:`_INDEXED` rarest words, a query looks up its :data:`_RARE` rarest. Two texts
    that share most of their words share some of their rarest ones, so a near match is
    found through a few short lists, whatever the size of the memory."""

    entries: list[MemoryEntry] = field(default_factory=list)
    _exact: dict[str, MemoryEntry] = field(default_factory=dict)
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _df: Counter[str] = field(default_factory=Counter)  # word → texts that hold it
    _sizes: list[int] = field(default_factory=list)  # words of each entry's source
    _stop: set[str] = field(default_factory=set)  # words too common to find anything by
    _rank: dict[str, int] = field(default_factory=dict)  # word → place by (rarity, word)
    _tokens: dict[int, list[str]] = field(default_factory=dict)  # of texts scored so far

    def _rarest(self, words: set[str], count: int) -> list[str] | set[str]:
        """The ``count`` rarest of ``words``, leaving out words too common to tell texts
        apart (ties: alphabetical, so that every run indexes the same words)."""
        rest = words - self._stop
        if len(rest) <= count:
            return rest
        return sorted(rest, key=self._rank.__getitem__)[:count]

    def _tokens_of(self, index: int) -> list[str]:
        tokens = self._tokens.get(index)
        if tokens is None:
            tokens = self._tokens[index] = _tokens(self.entries[index].source)
        return tokens

    @classmethod
    def build(cls, entries: Iterable[MemoryEntry],
              vocabulary: set[str] | None = None) -> TranslationMemory:
        """Index ``entries``; the first translation of a text wins (memories in the order
        given on the command line). With ``vocabulary`` (the words of every text that will
        be looked up), no other word is indexed: it could find nothing."""
        memory = cls()
        word_sets: list[set[str]] = []
        for entry in entries:
            if entry.source in memory._exact:
                continue
            memory._exact[entry.source] = entry
            memory.entries.append(entry)
            words = _words(entry.source)
            memory._sizes.append(len(words))
            word_sets.append(set(words) if vocabulary is None else vocabulary.intersection(words))
        df = memory._df
        df.update(chain.from_iterable(word_sets))
        common = max(_COMMON_MIN, len(word_sets) // 100)
        memory._stop = {w for w, n in df.items() if n > common}
        memory._rank = {w: i for i, w in enumerate(sorted(df, key=lambda w: (df[w], w)))}
        postings = memory._postings
        for index, words in enumerate(word_sets):
            for word in memory._rarest(words, _INDEXED):
                found = postings.get(word)
                if found is None:
                    postings[word] = [index]
                else:
                    found.append(index)
        return memory

    def __len__(self) -> int:
        return len(self.entries)

    def exact(self, text: str) -> MemoryEntry | None:
        return self._exact.get(text)

    def near(self, text: str) -> tuple[float, MemoryEntry] | None:
        """The most similar remembered text at or above :data:`NEAR`, with its score.

        Candidates share one of the query's rarest words and have a comparable number of
        words; the :data:`_SCORED` sharing the most are compared word by word."""
        words = _words(text)
        rare = self._rarest(set(words) & self._df.keys(), _RARE)
        if not rare:
            return None
        postings = self._postings
        hits = Counter(chain.from_iterable(postings.get(w, ()) for w in rare))
        need = 2 if len(rare) >= 4 else 1
        low, high = len(words) * 0.6, len(words) / 0.6
        sizes = self._sizes
        found = [i for i, n in hits.items() if n >= need and low <= sizes[i] <= high]
        if not found:
            return None
        size = len(words)
        ranked = heapq.nsmallest(_SCORED, found,
                                 key=lambda i: (-hits[i], abs(sizes[i] - size), i))
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(_tokens(text))
        best: tuple[float, int] | None = None
        for index in ranked:
            matcher.set_seq1(self._tokens_of(index))
            if matcher.real_quick_ratio() < NEAR or matcher.quick_ratio() < NEAR:
                continue
            score = matcher.ratio()
            if score >= NEAR and (best is None or score > best[0]):
                best = (score, index)
        if best is None:
            return None
        return best[0], self.entries[best[1]]


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    """The words and punctuation marks of a text, case-folded: what a near match's score
    compares."""
    return _TOKEN.findall(text.casefold())


def _words(text: str) -> list[str]:
    """The words of a text as the index holds them: case-folded, split at spaces (fast;
    punctuation stays with its word)."""
    return text.casefold().split()


# --------------------------------------------------------------------------- reading


def _read(path: Path, kind: str) -> bytes:
    from toolkit.read.files import UnreadableFile, read_guarded

    try:
        return read_guarded(path, kind)
    except UnreadableFile as exc:
        raise UserError(exc.message, SourcePos(str(path))) from None


class _Irregular(Exception):
    """Something the memory scanner leaves to the exact parser (which names the error)."""


#: Bytes of UTF-8 text a document can hold (every byte but the C0 controls other than
#: tab and line ends).
_TEXT_BYTES = b"\t\n\r" + bytes(range(32, 256))
_KEYWORDS = frozenset(("msgctxt", "msgid", "msgid_plural", "msgstr"))

#: (msgctxt, msgid, msgstr) of a reviewed, singular, active entry.
_Remembered = tuple[str | None, str, str]


def _piece(s: str, lineno: int) -> str:
    """The value of one quoted string (``s`` stripped), through the exact parser's
    unescaping whenever it holds a backslash or an inner quote."""
    if len(s) >= 2 and s[0] == s[-1] == '"' and "\\" not in s and '"' not in s[1:-1]:
        return s[1:-1]
    return parse_string(s, lineno)


def scan_po(data: bytes) -> tuple[str | None, list[_Remembered]]:
    """What a memory needs of a PO file: the header's msgstr and every reviewed (not
    fuzzy, not obsolete), translated, singular entry.

    A lean scanner, several times faster than :func:`~toolkit.i18n.po.parse_po` (it builds
    no entries, keeps no comments but the fuzzy flag, no line numbers) that follows the
    parser's grammar and reads the same texts: the escapes through the parser's own
    unescaping. Wherever the parser would find an error (a broken file, a stray line, a
    duplicate, a charset other than UTF-8), or the scanner meets a line it does not handle,
    the exact parser reads the file again and names the problem with its line."""
    try:
        return _scan(data)
    except (_Irregular, PoError):
        pass
    po = parse_po(data)  # raises PoError for a broken file
    return (po.header.msgstr if po.header else None,
            [(e.msgctxt, e.msgid, e.msgstr) for e in po.entries
             if not e.obsolete and not e.fuzzy and e.msgstr and e.msgid_plural is None])


def _scan(data: bytes) -> tuple[str | None, list[_Remembered]]:
    """:func:`scan_po`'s fast path: the exact parser's grammar, line by line, without its
    objects; raises :class:`_Irregular` wherever the parser would raise an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # the characters a document cannot hold (po._FORBIDDEN), found in the bytes: C0
    # controls by deleting every other byte, U+FFFE/U+FFFF by their UTF-8 form; a
    # surrogate is not UTF-8, so decoding refuses it
    if data.translate(None, _TEXT_BYTES) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        raise _Irregular
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Irregular from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[_Remembered] = []
    seen: set[tuple[bool, str | None, str]] = set()
    header: str | None = None
    # the entry being read, as the parser's _Entry: its strings (None: absent) …
    ctx: list[str] | None = None
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    plural = False  # msgid_plural seen
    forms = 0  # msgstr[N] lines seen
    fuzzy = False
    mode: bool | None = None  # obsolete or not, once a keyword line was seen
    last: list[str] | None = None  # the string a continuation line extends
    last_previous = False  # … and whether it is a "#|" one

    def finish() -> None:
        nonlocal header, ctx, msgid, msgstr, plural, forms, fuzzy, mode, last, last_previous
        if msgid is not None:
            key = (bool(mode), "".join(ctx) if ctx is not None else None, "".join(msgid))
            if key in seen:
                raise _Irregular  # a duplicate: the exact parser says where
            seen.add(key)
            if not mode:
                if key[1] is None and key[2] == "" and header is None:
                    header = "".join(msgstr or ())
                elif not (fuzzy or plural) and msgstr:
                    target = "".join(msgstr)
                    if target:
                        out.append((key[1], key[2], target))
        ctx = msgid = msgstr = last = None
        plural = fuzzy = last_previous = False
        forms = 0
        mode = None

    lineno = 0
    for line in text.split("\n"):
        lineno += 1
        s = line.strip()
        if not s:
            if msgstr is not None or forms:
                finish()
            continue
        obsolete = previous = False
        if s[0] == "#":
            second = s[1:2]
            if second == "~":
                obsolete = True
                s = s[2:].lstrip()
                if s.startswith("|"):
                    previous = True
                    s = s[1:].lstrip()
                elif not s or s[0] == "#":
                    raise _Irregular
            elif second == "|":
                previous = True
                s = s[2:].lstrip()
            else:
                if msgstr is not None or forms:
                    finish()
                elif msgid is not None or mode is not None:
                    raise _Irregular  # a comment inside an entry
                if second == "," and "fuzzy" in (f.strip() for f in s[2:].split(",")):
                    fuzzy = True
                continue
        if s[:1] == '"':
            if last is None or last_previous != previous:
                raise _Irregular
            last.append(_piece(s, lineno))
        else:
            # "msgid "…"", "msgstr[1] "…"" (a regular expression is slow on long lines)
            head, quote, rest = s.partition('"')
            keyword, bracket, index = head.rstrip().partition("[")
            if not quote or keyword not in _KEYWORDS or not head or \
                    head[-1] not in " \t]" or bracket and not (
                        index.endswith("]") and index[:-1].isdecimal()):
                raise _Irregular
            value = [_piece('"' + rest, lineno)]
            complete = msgstr is not None or forms > 0
            if previous:
                if keyword == "msgstr" or bracket:
                    raise _Irregular
                if complete:
                    finish()
                elif msgid is not None:
                    raise _Irregular
                last, last_previous = value, True
            elif keyword in ("msgctxt", "msgid"):
                if complete:
                    finish()
                elif msgid is not None:
                    raise _Irregular
                if keyword == "msgctxt":
                    if ctx is not None:
                        raise _Irregular
                    ctx = value
                else:
                    msgid = value
                last, last_previous = value, False
            elif keyword == "msgid_plural":
                if msgid is None or complete or plural:
                    raise _Irregular
                plural = True
                last, last_previous = value, False
            elif not bracket:
                if msgid is None or complete or plural:
                    raise _Irregular
                msgstr = last = value
                last_previous = False
            else:
                if not plural or int(index[:-1]) != forms:
                    raise _Irregular
                forms += 1
                last, last_previous = value, False
        if mode is None:
            mode = obsolete
        elif mode != obsolete:
            raise _Irregular  # an entry that mixes obsolete and active lines
    if msgid is not None:
        if msgstr is None and not forms:
            raise _Irregular  # msgid without msgstr
        finish()
    elif mode is not None:
        raise _Irregular  # an entry without msgid at the end
    if header is not None:
        charset, _ = header_charset(PoEntry(msgid="", msgstr=header))
        if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise _Irregular
    return header, out


def _po_entries(path: Path, origin: str | None, source_lang: str | None,
                lang: str | None) -> list[MemoryEntry]:
    try:
        header, remembered = scan_po(_read(path, "memory"))
    except PoError as exc:
        raise UserError(exc.message, SourcePos(str(path), exc.line)) from None
    target = lang or (get_header_field(header, "Language") if header is not None else None)
    if not target:
        raise UserError("the memory catalogue does not say its language: add a "
                        "'Language: ru' line to its header", SourcePos(str(path), 1))
    name = origin or _project(header) or path.stem
    target = _base(target)
    return [MemoryEntry(msgid, msgstr, name, source_lang, target, ctx)
            for ctx, msgid, msgstr in remembered]


def _project(header: str | None) -> str | None:
    if header is None:
        return None
    return get_header_field(header, "Project-Id-Version") or None


def source_language_of(folder: Path) -> str:
    """A submission's source language, from submission.yaml alone (a memory or an export
    needs no more of it)."""
    import yaml

    try:
        meta = yaml.safe_load(_read(folder / "submission.yaml", "yaml"))
    except yaml.YAMLError:
        raise UserError("submission.yaml cannot be read as YAML: run toolkit check on it",
                        SourcePos(str(folder / "submission.yaml"))) from None
    return str(meta.get("source_language", "en")) if isinstance(meta, dict) else "en"


def _submission_entries(folder: Path) -> list[MemoryEntry]:
    """A submission's reviewed translations; its source language from submission.yaml."""
    source = source_language_of(folder)
    out: list[MemoryEntry] = []
    locales = folder / "locales"
    if locales.is_dir():
        for path in sorted(locales.iterdir()):
            if _CATALOGUE_NAME.fullmatch(path.name) and path.is_file():
                out += _po_entries(path, folder.resolve().name, str(source), path.stem)
    return out


def _tmx_entries(path: Path) -> list[MemoryEntry]:
    from toolkit.i18n.tmx import read_tmx

    out: list[MemoryEntry] = []
    for unit in read_tmx(_read(path, "memory"), str(path)):
        source = unit.texts.get(unit.srclang)
        if source is None:
            continue
        for lang, text in unit.texts.items():
            if lang != unit.srclang and text:
                out.append(MemoryEntry(source, text, unit.origin or path.stem,
                                       _base(unit.srclang), _base(lang), unit.context))
    return out


def _submissions_in(path: Path) -> list[Path]:
    """``path`` if it is a submission, else the submissions directly inside it."""
    if (path / "submission.yaml").is_file():
        return [path]
    if not path.is_dir():
        raise UserError("no such folder: give a submission folder or a folder of submissions",
                        SourcePos(str(path)))
    found = [p for p in sorted(path.iterdir()) if (p / "submission.yaml").is_file()]
    if not found:
        raise UserError("this folder holds no submission (no submission.yaml in it or in its "
                        "subfolders): give a submission folder or a folder of submissions",
                        SourcePos(str(path)))
    return found


def read_memory(paths: Iterable[Path]) -> list[MemoryEntry]:
    """Every remembered translation in ``paths`` (PO, TMX, a submission or a folder of
    submissions), in the order given."""
    out: list[MemoryEntry] = []
    for path in map(Path, paths):
        if path.is_dir():
            for sub in _submissions_in(path):
                out += _submission_entries(sub)
        elif path.suffix.lower() == ".po":
            out += _po_entries(path, None, None, None)
        elif path.suffix.lower() == ".tmx":
            out += _tmx_entries(path)
        elif not path.exists():
            raise UserError("no such file or folder: check the --memory path",
                            SourcePos(str(path)))
        else:
            raise UserError("a memory is a PO file, a TMX file (.tmx), a submission or a "
                            "folder of submissions", SourcePos(str(path)))
    return out


class MemorySource:
    """The ``--memory`` paths: checked at once (a wrong path fails before anything is
    done), read only when a catalogue has an entry to fill, and then only once."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = [Path(p) for p in paths]
        for path in self.paths:
            if path.is_dir():
                continue
            if not (path.exists() or path.is_symlink()):
                raise UserError("no such file or folder: check the --memory path",
                                SourcePos(str(path)))
            if path.suffix.lower() not in (".po", ".tmx"):
                raise UserError("a memory is a PO file, a TMX file (.tmx), a submission or "
                                "a folder of submissions", SourcePos(str(path)))
        self._entries: list[MemoryEntry] | None = None

    def entries(self) -> list[MemoryEntry]:
        if self._entries is None:
            self._entries = read_memory(self.paths)
        return self._entries


def export_memory(folders: Iterable[Path]) -> tuple[bytes, int, dict[str, int]]:
    """TMX 1.4b of every reviewed translation of the submissions in ``folders`` (each a
    submission or a folder of submissions): one unit per text, with every language it is
    translated into. Returns the file's bytes, the number of units and the number of
    translations per language."""
    from toolkit.i18n.tmx import TmxUnit, write_tmx

    units: dict[tuple[str, str | None, str], TmxUnit] = {}
    per_lang: dict[str, int] = {}
    sources: set[str] = set()
    submissions = [sub for folder in map(Path, folders) for sub in _submissions_in(folder)]
    for folder in submissions:
        for entry in _submission_entries(folder):
            src = entry.source_lang or "en"
            sources.add(src)
            key = (entry.origin, entry.context, entry.source)
            unit = units.get(key)
            if unit is None:
                unit = units[key] = TmxUnit(src, {src: entry.source}, entry.context,
                                            entry.origin)
            unit.texts.setdefault(entry.target_lang, entry.target)
            per_lang[entry.target_lang] = per_lang.get(entry.target_lang, 0) + 1
    srclang = sources.pop() if len(sources) == 1 else "*all*"
    return write_tmx(list(units.values()), srclang), len(units), per_lang


def memory_for(entries: Iterable[MemoryEntry], source_lang: str, target_lang: str,
               vocabulary: set[str] | None = None) -> TranslationMemory:
    """The memory from ``source_lang`` into ``target_lang`` (a PO file of unknown source
    language counts as the submission's); see :meth:`TranslationMemory.build`."""
    return TranslationMemory.build(
        (e for e in entries
         if e.target_lang == target_lang and e.source_lang in (None, source_lang)),
        vocabulary)


def _open(entry: PoEntry) -> bool:
    """An entry the memory may fill: active, untranslated, not fuzzy, singular."""
    return not (entry.obsolete or entry.translation or entry.fuzzy
                or entry.msgid_plural is not None)


def fill_from_memory(po: PoFile, source: MemorySource, source_lang: str,
                     target_lang: str) -> MemoryReport:
    """:func:`apply_memory`, reading and indexing the memory only if ``po`` has an entry
    to fill."""
    open_entries = [e for e in po.entries if _open(e)]
    if not open_entries:
        return MemoryReport()
    vocabulary = {w for e in open_entries for w in _words(e.msgid)}
    return apply_memory(po, memory_for(source.entries(), source_lang, target_lang,
                                       vocabulary))


# --------------------------------------------------------------------------- applying


def apply_memory(po: PoFile, memory: TranslationMemory) -> MemoryReport:
    """Fill every untranslated, not fuzzy entry of ``po`` that the memory knows."""
    from toolkit.i18n.audit import integrity_problems

    report = MemoryReport()
    if not len(memory):
        return report
    for entry in po.entries:
        if not _open(entry):
            continue
        hit = memory.exact(entry.msgid)
        if hit is not None:
            entry.msgstr = hit.target
            entry.extracted.append(NOTE + hit.origin)
            if integrity_problems(entry.msgid, entry.msgstr):
                entry.fuzzy = True  # the remembered one is broken: review it
            report.exact += 1
            continue
        found = memory.near(entry.msgid)
        if found is not None:
            score, near = found
            entry.msgstr = near.target
            entry.fuzzy = True
            entry.previous_msgid = near.source
            entry.extracted.append(f"{NOTE}{math.floor(score * 100)}% {near.origin}")
            report.near += 1
    return report


def keep_memory_notes(old: PoFile | None, po: PoFile) -> None:
    """Keep the ``#. memory:`` note of an entry whose text and translation did not change
    (the update rebuilds extracted comments from the YAML, which knows nothing of it)."""
    if old is None:
        return
    notes = {e.key: (e.translation, [c for c in e.extracted if c.startswith(NOTE)])
             for e in old.entries if not e.obsolete}
    for entry in po.entries:
        if entry.obsolete:
            continue
        kept = notes.get(entry.key)
        if kept and kept[1] and kept[0] == entry.translation:
            entry.extracted += [c for c in kept[1] if c not in entry.extracted]
