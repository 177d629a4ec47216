"""Property: whatever a translator's tool (or a damaged file) puts in a content catalogue —
escapes, control characters, plural entries, any line ends — every command answers with an
exit code and messages, never a traceback; ``check --lang`` and ``build --lang`` agree;
``i18n update`` never loses a translation (or writes nothing)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import write_submission
from tests.test_catalog_defects import invoke, msgfmt
from tests.test_content_catalog import SMALL, _translate_small, po_path
from toolkit.i18n.merge import update_catalogue
from toolkit.i18n.po import PoError, parse_po

#: Escapes and pieces a PO string may hold, good and bad (gettext reads numeric escapes
#: as bytes; lxml refuses C0 controls, U+FFFE/U+FFFF and surrogates).
ESCAPES = ["\\n", "\\t", '\\"', "\\\\\\\\", "\\r", "\\a", "\\b", "\\f", "\\v", "\\q", "\\",
           "\\0", "\\001", "\\037", "\\177", "\\377", "\\400", "\\x", "\\x00", "\\x1f",
           "\\x7f", "\\xd0\\x94", "\\320\\264", "\\xd0", "\\xfffe", "\\xd800", "\\x110000",
           "\\xFFFFFFFFFF", "\\u0414", "\x00", "\x07", "\x0b", "\x0c", "\x1f", "\x7f", "\x85",
           "\u2028", "\ufeff", "\ufffe", "\uffff", '"', "#", "^[", "]", "[@rep]", "*"]
FRAGMENT = st.one_of(st.sampled_from(ESCAPES),
                     st.text(st.characters(codec="utf-8", exclude_characters="\n\r"),
                             max_size=4))
TARGETS = ["b/three", "place", "a/heading", "a/two"]


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small submission with every text translated (made once for all examples)."""
    root = write_submission(tmp_path_factory.mktemp("base") / "sub", SMALL)
    update_catalogue(root, "ru")
    _translate_small(root)
    return root


def _mutate(text: str, target: str, fragments: list[str], plural: bool, fuzzy: bool,
            where: float) -> str:
    """Put the fragments inside one entry's msgstr; maybe make it plural or fuzzy."""
    head = f'msgctxt "{target}"\n'
    start = text.index(head)
    m = re.compile(r'msgstr "((?:[^"\\]|\\.)*)"\n').search(text, start)
    assert m is not None
    value = m.group(1)
    cut = round(len(value) * where)
    new = value[:cut] + "".join(fragments) + value[cut:]
    if plural:
        line = f'msgid_plural "x"\nmsgstr[0] "{new}"\nmsgstr[1] ""\nmsgstr[2] ""\n'
    else:
        line = f'msgstr "{new}"\n'
    text = text[:m.start()] + line + text[m.end():]
    if fuzzy:
        text = text[:start] + "#, fuzzy\n" + text[start:]
    return text


def _translations(data: bytes) -> dict[str, str] | None:
    try:
        po = parse_po(data)
    except PoError:
        return None
    return {e.msgctxt: e.translation for e in po.entries if e.msgctxt and e.translation}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), fragments=st.lists(FRAGMENT, min_size=1, max_size=4),
       plural=st.booleans(), fuzzy=st.booleans(), newline=st.sampled_from(["\n", "\r\n", "\r"]),
       where=st.sampled_from([0.0, 0.5, 1.0]))
def test_any_catalogue_gives_answers_not_tracebacks(translated: Path, target: str,
                                                    fragments: list[str], plural: bool,
                                                    fuzzy: bool, newline: str,
                                                    where: float) -> None:
    work = Path(tempfile.mkdtemp(prefix="po-property-"))
    try:
        root = work / "sub"
        shutil.copytree(translated, root)
        path = po_path(root)
        text = _mutate(path.read_text(encoding="utf-8"), target, fragments, plural, fuzzy,
                       where)
        path.write_bytes(text.replace("\n", newline).encode("utf-8", "surrogatepass"))

        check_code, check_out = invoke("check", root)
        ready_code, ready_out = invoke("check", root, "--lang", "ru")
        build_code, build_out = invoke("build", root, "--lang", "ru", "--out", work / "out")
        assert build_code in (0, 1) and check_code in (0, 1)
        event(f"check {check_code}, build {build_code}")
        assert ready_code == build_code, (ready_out, build_out)
        if check_code:
            assert build_code == 1, (check_out, build_out)
        built = list((work / "out").glob("*-ru.docx")) if (work / "out").exists() else []
        assert len(built) == (1 if build_code == 0 else 0)

        before = path.read_bytes()
        wanted = _translations(before)
        update_code, update_out = invoke("i18n", "update", root)
        assert update_code in (0, 1), update_out
        if update_code == 1:
            assert path.read_bytes() == before  # nothing written
            assert re.search(r"locales/ru\.po:\d+:\d+: ", update_out), update_out
        else:
            assert wanted is not None
            after = _translations(path.read_bytes())
            assert after is not None
            kept = parse_po(path.read_bytes())
            every = {(e.msgctxt, e.translation) for e in kept.entries}
            lost = [(ctx, value) for ctx, value in wanted.items() if (ctx, value) not in every]
            assert not lost, lost
            if update_code == 0 and check_code == 0:  # what the toolkit wrote, gettext reads
                msgfmt(path, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
