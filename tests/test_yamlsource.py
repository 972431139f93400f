"""The YAML reader of the content model (model/yamlsource.py): plain data typed as YAML 1.1 types it, and the line
and column of every value, found when an error message asks for them."""
from __future__ import annotations

from pathlib import Path

import yaml

from kcgplans.model.yamlsource import load_yaml

TYPED = """\
text: 高雄市政府
english: no problem
leading-digit: 1st place
leading-dash: -item
leading-dot: .hidden
quoted-number: "115"
single-quoted: '3.5'
quoted-bool: "yes"
year: 115
negative: -3
hex: 0x1F
underscored: 1_000
octal: 017
float: 1.5e3
dot-float: .5
infinity: .inf
not-a-number: .nan
bools: [yes, No, true, FALSE, on, Off, y, n]
nulls: [~, null, Null, ]
empty:
date: 2024-01-31
block: |
  第一行
  second line
folded: >
  one
  two
"""


def test_scalars_are_typed_as_safe_load_types_them_except_dates(tmp_path: Path) -> None:
    file = tmp_path / "typed.yaml"
    file.write_text(TYPED, encoding="utf-8")
    doc, errors = load_yaml(file)
    assert errors == []
    expected = yaml.safe_load(TYPED)
    expected["date"] = "2024-01-31"  # dates stay text: the schema checks their form
    assert doc.data["infinity"] == float("inf") and doc.data["not-a-number"] != doc.data["not-a-number"]
    for key in ("infinity", "not-a-number"):  # nan is not equal to itself; both checked above
        del expected[key], doc.data[key]
    assert doc.data == expected
    assert [type(v) for v in doc.data.values()] == [type(v) for v in expected.values()]


def test_positions_are_found_when_asked_for(tmp_path: Path) -> None:
    file = tmp_path / "plan.yaml"
    file.write_text("title:\n  zh: 計畫\n  en: Plan\nareas:\n  - id: a1\n    measures:\n      - x\n      - y\n",
                    encoding="utf-8")
    doc, errors = load_yaml(file)
    assert errors == [] and doc.data["areas"][0]["measures"] == ["x", "y"]
    assert doc.position(("title", "en")) == (3, 7)
    assert doc.position(("areas", 0, "measures", 1)) == (8, 9)
    assert doc.key_position(("areas", 0, "measures")) == (6, 5)
    assert doc.position(("areas", 0, "no-such-field")) == (5, 5)  # the closest known: its mapping
    assert doc.position(()) == (1, 1)


def test_a_file_gone_before_its_positions_are_asked_for_points_at_its_start(tmp_path: Path) -> None:
    file = tmp_path / "plan.yaml"
    file.write_text("a:\n  b: 1\n", encoding="utf-8")
    doc, _ = load_yaml(file)
    file.unlink()
    assert doc.data == {"a": {"b": 1}}
    assert doc.position(("a", "b")) == (1, 1) and doc.key_position(("a",)) == (1, 1)


def test_a_duplicated_key_names_the_second_one(tmp_path: Path) -> None:
    file = tmp_path / "plan.yaml"
    file.write_text("year: 115\nareas:\n  - id: a\n    id: b\n", encoding="utf-8")
    doc, errors = load_yaml(file)
    assert [(e.line, e.column, e.field) for e in errors] == [(4, 5, "areas[0].id")]
    assert doc.data["areas"][0]["id"] == "b"
