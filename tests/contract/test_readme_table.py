"""The README's fidelity table lists exactly the assumptions the contract checks decide."""

from __future__ import annotations

import re
from pathlib import Path

from contract_assumptions import ASSUMPTIONS
from contract_kit import BUDGET
from contract_target import planned_requests

README = Path(__file__).resolve().parents[2] / "README.md"
STATUS = {
    "recorded": "recorded",
    "documented": "assumed (documented)",
    "unknown": "assumed (UNKNOWN)",
}
ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (.+) \| (.+) \| (.+) \|$", re.MULTILINE)


def test_the_fidelity_table_matches_the_checks() -> None:
    rows = {
        key: (title, plans, status) for key, title, plans, status in ROW.findall(README.read_text())
    }
    assert list(rows) == list(ASSUMPTIONS)
    for key, assumption in ASSUMPTIONS.items():
        title, plans, status = rows[key]
        assert title == assumption.title
        assert plans == " and ".join(assumption.plans)
        # A live acceptance report may promote a row to "verified live"; nothing else may differ.
        assert status == STATUS[assumption.source] or status.startswith("verified live"), key


def test_the_budget_figures_in_the_readme_are_the_harness_figures() -> None:
    text = " ".join(README.read_text().split())
    assert f"never sends more than {BUDGET} requests" in text
    assert f"its checks send at most {planned_requests('paid')} and" in text
