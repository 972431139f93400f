"""The code table is complete and well-formed."""
from __future__ import annotations

import re

from kcgplans.audit import codes

CODE = re.compile(r"^(HM|CS|GN|AR|FA|SC|ME)[123]\d{6}[CE]$")
SC = re.compile(r"^[1-4]\.\d{1,2}\.\d{1,2}$")


def test_rows_are_well_formed() -> None:
    for row in codes.ALL_CHECKS.values():
        for code in (row.code_115, row.code_110):
            assert code is None or CODE.match(code), (row.id, code)
        assert all(SC.match(sc) for sc in row.wcag), row.id
        assert row.fix_zh and row.fix_en, row.id
        if row.source == "custom":
            assert row.title_zh and row.title_en, row.id


def test_edition_differences_are_recorded() -> None:
    assert codes.info("fieldset-legend").code_110_differs
    # WCAG 2.2 criteria have no 110.07 code.
    assert codes.info("target-size").code_110 is None and codes.info("focus-not-obscured").code_110 is None
    assert not codes.info("th-scope").code_110_differs


def test_unknown_axe_rule_still_reports() -> None:
    row = codes.info("some-future-rule")
    assert row.source == "axe" and row.code_115 is None and codes.display_code(row.code_115) == "—"


def test_best_practice_rules_taiwan_needs_are_selected() -> None:
    wanted = {"heading-order", "empty-heading", "page-has-heading-one", "landmark-one-main", "landmark-unique",
              "region", "skip-link", "accesskeys", "image-redundant-alt"}
    assert wanted <= set(codes.BEST_PRACTICE_RULE_IDS)
