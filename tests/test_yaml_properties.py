"""Property: whatever scalar a coalition member types into a YAML field — numbers YAML 1.1
would retype (``010``, ``136.10``, ``1:30``, ``0x10``), booleans (``yes``, ``on``), dates,
blank or invisible strings — every command answers with an exit code and messages, never a
traceback; ``check`` and ``build`` agree; and a plain value that is accepted is shown in the
document exactly as typed."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import VALID_FILES, write_submission
from tests.docx_inspect import read_docx
from toolkit.cli.main import app

runner = CliRunner()

#: Scalars YAML 1.1 reads as something else, blanks, and the edges of dates and numbers.
TRAPS = ["010", "0117", "136.10", "7.0", "1:30", "0x10", "0o17", "1e3", ".inf", ".nan",
         "-1", "0", "+5", "1_000", "yes", "no", "on", "off", "y", "n", "true", "False",
         "~", "null", "NULL", "''", '""', "' '", '"\\t \\n "', '"\\u00a0"', '"\\u200b"',
         "2016-05-15", "0001-01-01", "1899-12-31", "9999-12-31", "2016-02-30",
         "2016-05-15T10:00:00Z", "=", "<<", "'010'", '"yes"', "Almaty"]
SCALAR = st.one_of(st.sampled_from(TRAPS),
                   st.from_regex(r"\A[0-9]{1,4}([.:][0-9]{1,3})?\Z"),
                   st.from_regex(r"\A[A-Za-z][A-Za-z0-9]{0,8}\Z"))

#: (file, line to replace, template of the new line); each keeps the file's structure.
FIELDS = {
    "place": ("submission.yaml", "place: Almaty", "place: {v}"),
    "date": ("submission.yaml", "date: 2016-05-15", "date: {v}"),
    "session": ("submission.yaml", "session: 117", "session: {v}"),
    "article": ("sections/20-art07.yaml", 'articles: ["7"]', "articles: [{v}]"),
    "recommendation": ("sections/20-art07.yaml",
                       "    text: Create an independent investigative body "
                       "(see @para:complaints).", "    text: {v}"),
    "heading": ("sections/10-follow-up.yaml", "heading: Follow-up", "heading: {v}"),
    "previous paragraph": ("previous.yaml", "  paragraph: 11", "  paragraph: {v}"),
    "source key": ("sources.yaml", "ombudsman:", "{v}:"),
}
SHOWN_AS_TYPED = {"place", "recommendation", "heading"}  # plain words appear verbatim
NO_VALUE = {"null", "Null", "NULL"}  # unquoted, YAML's "no value" (docs/format.md)


def invoke(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(FIELDS)), value=SCALAR)
def test_any_scalar_gives_answers_and_check_agrees_with_build(field: str, value: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="yaml-property-"))
    try:
        root = write_submission(work / "sub", VALID_FILES)
        name, old, new = FIELDS[field]
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new.format(v=value), 1), encoding="utf-8")

        check_code, check_out = invoke("check", root)
        build_code, build_out = invoke("build", root, "--out", work / "out")
        event(f"{field}: check {check_code}, build {build_code}")
        assert check_code in (0, 1) and build_code in (0, 1)
        assert check_code == build_code, (check_out, build_out)
        built = sorted((work / "out").glob("*.docx")) if (work / "out").exists() else []
        assert len(built) == (1 if build_code == 0 else 0)
        if build_code:
            # one message at a file:line of the submission, not a library's report
            assert re.search(r"^\S+\.yaml(:\d+(:\d+)?)?: ", build_out, re.MULTILINE), build_out
        elif field in SHOWN_AS_TYPED and re.fullmatch(r"[A-Za-z0-9]+", value) \
                and value not in NO_VALUE:
            doc = read_docx(built[0])
            shown = "\n".join(p.text for p in doc.paragraphs())
            assert re.search(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])", shown), \
                (value, shown[:2000])
    finally:
        shutil.rmtree(work, ignore_errors=True)
