"""Typed content objects. Built only from data that passed the schema, so fields can be trusted."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hant-TW", "en": "en"}


@dataclass(frozen=True)
class Text:
    zh: str
    en: str | None = None

    @classmethod
    def of(cls, data: dict | None) -> "Text | None":
        return None if data is None else cls(data["zh"].strip(), (data.get("en") or "").strip() or None)

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to Chinese (callers mark that with ``lang_of``)."""
        return self.en if lang == "en" and self.en else self.zh

    def lang_of(self, lang: str) -> str:
        """The language the text ``get(lang)`` returns is really in."""
        return "en" if lang == "en" and self.en else "zh"

    def translated(self) -> bool:
        return self.en is not None


@dataclass(frozen=True)
class Item:
    text: Text
    items: tuple["Item", ...] = ()


@dataclass(frozen=True)
class Section:
    heading: Text | None = None
    intro: Text | None = None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Unit:
    id: str
    name: Text
    collective: bool = False


@dataclass(frozen=True)
class Agency:
    id: str
    name: Text
    kind: str
    parent: str | None = None
    short_name: Text | None = None
    units: tuple[Unit, ...] = ()

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


@dataclass(frozen=True)
class SubItem:
    id: str
    title: Text


@dataclass(frozen=True)
class FrameworkArea:
    id: str
    title: Text
    subitems: tuple[SubItem, ...] = ()


@dataclass(frozen=True)
class Framework:
    id: str
    title: Text
    description: Text | None
    areas: tuple[FrameworkArea, ...]

    def area(self, area_id: str) -> FrameworkArea | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def subitem(self, subitem_id: str) -> SubItem | None:
        return next((s for a in self.areas for s in a.subitems if s.id == subitem_id), None)


@dataclass(frozen=True)
class Measure:
    id: str
    text: Text
    label: Text | None = None
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class FocusPoint:
    title: Text
    measures: tuple[Measure, ...]
    subitem: str | None = None


@dataclass(frozen=True)
class PlanArea:
    area: str
    title: Text
    focus_points: tuple[FocusPoint, ...]


@dataclass(frozen=True)
class Plan:
    id: str
    file: Path
    agency: str
    framework: str
    title: Text
    source_document: str
    basis: Section
    goals: Section
    scope: Section
    areas: tuple[PlanArea, ...]
    year: int | None = None
    updated: str | None = None
    source_note: Text | None = None
    content_heading: Text | None = None
    management: Section | None = None
    other: Section | None = None

    def measures(self):
        """(area, focus point, measure) for every measure, in document order."""
        for area in self.areas:
            for point in area.focus_points:
                for measure in point.measures:
                    yield area, point, measure

    def measure_count(self) -> int:
        return sum(len(point.measures) for area in self.areas for point in area.focus_points)

    def unit_ids(self) -> tuple[str, ...]:
        """The units responsible for any measure, each once, in the order they first appear."""
        return tuple(dict.fromkeys(unit for _, _, measure in self.measures() for unit in measure.units))

    def texts(self):
        """Every Text in the plan, for translation coverage."""
        yield self.title
        if self.source_note:
            yield self.source_note
        for section in (self.basis, self.goals, self.scope, self.management, self.other):
            if section:
                yield from _section_texts(section)
        if self.content_heading:
            yield self.content_heading
        for area in self.areas:
            yield area.title
            for point in area.focus_points:
                yield point.title
                for m in point.measures:
                    yield m.text
                    if m.label:
                        yield m.label


def _section_texts(section: Section):
    for t in (section.heading, section.intro):
        if t:
            yield t
    stack = list(section.items)
    while stack:
        item = stack.pop()
        yield item.text
        stack.extend(item.items)


# Builders from schema-valid data -----------------------------------------------------------------------------

def section_of(data: dict | None) -> Section | None:
    if data is None:
        return None
    return Section(Text.of(data.get("heading")), Text.of(data.get("intro")), _items(data.get("items")))


def _items(data: list | None) -> tuple[Item, ...]:
    return tuple(Item(Text.of(d["text"]), _items(d.get("items"))) for d in data or ())


def agency_of(data: dict) -> Agency:
    return Agency(
        id=data["id"], name=Text.of(data["name"]), kind=data["kind"], parent=data.get("parent"),
        short_name=Text.of(data.get("short_name")),
        units=tuple(Unit(u["id"], Text.of(u["name"]), bool(u.get("collective"))) for u in data.get("units") or ()),
    )


def framework_of(data: dict) -> Framework:
    return Framework(
        id=data["id"], title=Text.of(data["title"]), description=Text.of(data.get("description")),
        areas=tuple(
            FrameworkArea(a["id"], Text.of(a["title"]),
                          tuple(SubItem(s["id"], Text.of(s["title"])) for s in a.get("subitems") or ()))
            for a in data["areas"]),
    )


def plan_of(plan_id: str, file: Path, data: dict) -> Plan:
    content = data["content"]
    return Plan(
        id=plan_id, file=file, agency=data["agency"], framework=data["framework"], title=Text.of(data["title"]),
        source_document=data["source"]["document"], source_note=Text.of(data["source"].get("note")),
        basis=section_of(data["basis"]), goals=section_of(data["goals"]), scope=section_of(data["scope"]),
        content_heading=Text.of(content.get("heading")),
        areas=tuple(
            PlanArea(a["area"], Text.of(a["title"]), tuple(
                FocusPoint(Text.of(f["title"]), tuple(
                    Measure(m["id"], Text.of(m["text"]), Text.of(m.get("label")), tuple(m.get("units") or ()))
                    for m in f["measures"]), f.get("subitem"))
                for f in a["focus_points"]))
            for a in content["areas"]),
        year=data.get("year"), updated=data.get("updated"),
        management=section_of(data.get("management")), other=section_of(data.get("other")),
    )
