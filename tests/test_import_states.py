"""Recommending States at the end of UPR recommendations, and texts with brackets of their
own (treaties, acronyms, years, UN names that hold brackets)."""

from __future__ import annotations

import pytest

from toolkit.read.recommendations.states import split_states


@pytest.mark.parametrize(("cell", "expected"), [
    ("Ratify OP-CAT (Maldives) (Portugal);", [("Ratify OP-CAT", ["Maldives", "Portugal"])]),
    ("Ratify the Convention (Portugal, Slovakia)",
     [("Ratify the Convention", ["Portugal", "Slovakia"])]),
    ("Accede to the Optional Protocol (OP-CAT) (Türkiye);",
     [("Accede to the Optional Protocol (OP-CAT)", ["Türkiye"])]),
    ("Ratify the Council of Europe Convention (Istanbul Convention) (Spain);",
     [("Ratify the Council of Europe Convention (Istanbul Convention)", ["Spain"])]),
    ("Implement the plan for 2021–2025 (2021) (Venezuela (Bolivarian Republic of));",
     [("Implement the plan for 2021–2025 (2021)", ["Venezuela (Bolivarian Republic of)"])]),
    ("Do one thing (Côte d’Ivoire); Do another (Republic of Korea);",
     [("Do one thing", ["Côte d'Ivoire"]), ("Do another", ["Republic of Korea"])]),
    ("Review the law; in particular its article 174 (Norway);",
     [("Review the law; in particular its article 174", ["Norway"])]),
])
def test_split_states(cell: str, expected: list[tuple[str, list[str]]]) -> None:
    assert split_states(cell) == expected
