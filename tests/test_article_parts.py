"""Article references against the treaty's own structure: procedural articles warn, lettered
and numbered sub-paragraphs are valid where the treaty has them and errors where not."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.model.mechanisms import MECHANISM_CODES, load_mechanism

runner = CliRunner()


@pytest.fixture
def cedaw(tmp_path: Path) -> Path:
    result = runner.invoke(app, ["new", "kaz-cedaw", "--mechanism", "cedaw", "--state", "KAZ",
                                 "--place", "Almaty", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return tmp_path / "kaz-cedaw"


def with_articles(root: Path, articles: str) -> str:
    """Set the body section's articles; returns the file:line the check must name."""
    path = root / "sections" / "20-body.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, x in enumerate(lines) if x.startswith("articles:"))
    lines[line] = f"articles: {articles}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return f"sections/20-body.yaml:{line + 1}"


def check(root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(root)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("article", ["17", "22", "30"])
def test_cedaw_procedural_articles_warn_and_pass(cedaw: Path, article: str) -> None:
    where = with_articles(cedaw, f'["{article}"]')
    code, out = check(cedaw)
    assert code == 0, out
    assert "does not exist" not in out
    line = next(x for x in out.splitlines() if where in x)
    assert "warning" in line and f"article {article}" in line and "procedural" in line


def test_cedaw_article_31_does_not_exist(cedaw: Path) -> None:
    where = with_articles(cedaw, '["31"]')
    code, out = check(cedaw)
    assert code == 1
    assert any(where in x and "'31' does not exist" in x and "1–30" in x
               for x in out.splitlines()), out


@pytest.mark.parametrize("ref", ["2(e)", "2 (g)", "16(1)(b)", "16 (1) (h)", "11(2)(d)",
                                 "14(2)(h)", "4(1)", "5(b)"])
def test_cedaw_sub_paragraphs_the_treaty_has_are_valid(cedaw: Path, ref: str) -> None:
    with_articles(cedaw, f'["{ref}"]')
    code, out = check(cedaw)
    assert code == 0, out
    assert "0 errors, 0 warnings" in out


@pytest.mark.parametrize(("ref", "says"), [
    ("2(h)", "has no sub-paragraph (h)"),
    ("16(b)", "write 16(1)(b)"),
    ("16(3)", "has no paragraph 3"),
    ("16(2)(a)", "paragraph 2"),
    ("3(a)", "has no sub-paragraph (a)"),
    ("2.3", "no numbered paragraphs"),
])
def test_cedaw_sub_paragraphs_the_treaty_lacks_are_errors_at_file_line(
        cedaw: Path, ref: str, says: str) -> None:
    where = with_articles(cedaw, f'["6", "{ref}"]')
    code, out = check(cedaw)
    assert code == 1
    assert any(where in x and says in x for x in out.splitlines()), out


def test_ccpr_structure() -> None:
    ccpr = load_mechanism("ccpr")
    for ref in ("14(3)(d)", "14 (3) (d)", "2.3", "2(3)", "25(c)", "19(3)(b)", "10(2)(a)"):
        assert ccpr.article_problem(ref) is None, ref
    for ref in ("7.1", "25(d)", "14(8)", "19(b)", "54"):
        problem = ccpr.article_problem(ref)
        assert problem is not None and problem[0] == "error", ref
    assert ccpr.article_problem("28")[0] == "warning"  # type: ignore[index]


def test_treaties_without_structure_data_warn_on_paragraphs() -> None:
    crc = load_mechanism("crc")
    problem = crc.article_problem("3(1)")
    assert problem is not None and problem[0] == "warning" and "not checked" in problem[1]
    assert crc.article_problem("3") is None


@pytest.mark.parametrize("code", [c for c in MECHANISM_CODES if c != "upr"])
def test_every_treaty_knows_its_last_article(code: str) -> None:
    mechanism = load_mechanism(code)
    assert mechanism.last_article is not None
    assert all(int(n) <= mechanism.last_article for n in mechanism.articles)
    for number in (mechanism.articles, (mechanism.article_parts or {})):
        assert all(int(n) <= mechanism.last_article for n in number)
