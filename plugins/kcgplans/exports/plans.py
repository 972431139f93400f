"""A plan as a format-neutral Document, in one language: what its ODT and PDF downloads contain."""
from __future__ import annotations

from ..model import Content
from ..model.types import HTML_LANG, Plan, Section, Text
from ..views import i18n
from .document import (BulletList, Definition, DefinitionList, Document, Heading, ListItem, Paragraph, Table)


def plan_document(content: Content, plan: Plan, lang: str, url: str) -> Document:
    _ = i18n.gettext(lang)
    agency = content.agencies[plan.agency]
    framework = content.frameworks[plan.framework]

    def t(text: Text | None) -> str:
        return text.get(lang) if text else ""

    def foreign(text: Text | None) -> str | None:
        """The language a text is really shown in, when it is not the document's (untranslated Chinese)."""
        return HTML_LANG["zh"] if text and text.lang_of(lang) != lang else None

    def section(sec: Section | None, default: str) -> list:
        if sec is None:
            return []
        blocks: list = [Heading(t(sec.heading) if sec.heading else default, 2)]
        if sec.intro:
            blocks += [Paragraph(p.strip(), foreign(sec.intro)) for p in t(sec.intro).split("\n\n") if p.strip()]
        if sec.items:
            blocks.append(BulletList(tuple(_item(i, t, foreign) for i in sec.items)))
        return blocks

    year = _("民國 %(roc)s 年（%(ad)s 年）", roc=plan.year, ad=plan.year + 1911) if plan.year else _("原計畫未載明年度")
    blocks: list = [
        Heading(t(plan.title), 1),
        DefinitionList((
            Definition(_("機關"), t(agency.name)),
            Definition(_("年度"), year),
            Definition(_("依循架構"), t(framework.title)),
            Definition(_("資料來源"), f"{_('原始文件')} {plan.source_document}"),
        )),
    ]
    if lang == "en":
        blocks.append(Paragraph(_("本文件為英文翻譯，內容以中文版為準。")))
    blocks += section(plan.basis, _("壹、計畫依據"))
    blocks += section(plan.goals, _("貳、計畫目標"))
    blocks += section(plan.scope, _("參、實施對象"))
    blocks.append(Heading(t(plan.content_heading) if plan.content_heading else _("肆、計畫內容"), 2))
    rows = []
    for area in plan.areas:
        count = sum(len(p.measures) for p in area.focus_points)
        rows.append((t(area.title), str(len(area.focus_points)), str(count)))
    blocks.append(Table(_("各執行要項的執行重點與措施數"), (_("執行要項"), _("執行重點數"), _("措施數")),
                        tuple(rows), row_headers=True))
    for area in plan.areas:
        blocks.append(Heading(t(area.title), 3))
        for point in area.focus_points:
            blocks.append(Heading(t(point.title), 4))
            items = []
            for m in point.measures:
                units = _("、").join(t(agency.unit(u).name) for u in m.units) if m.units else _("原計畫未載明")
                items.append(ListItem(t(m.text).replace("\n\n", "\n"), label=t(m.label) or None,
                                      note=f"{_('執行單位')}{_('：')}{units}", lang=foreign(m.text)))
            blocks.append(BulletList(tuple(items)))
    blocks += section(plan.management, _("伍、推動及管考"))
    blocks += section(plan.other, _("陸、其他"))
    return Document(title=t(plan.title), lang=HTML_LANG[lang], url=url, blocks=tuple(blocks),
                    subject=_("提升服務執行計畫"), author=t(agency.name), date=plan.updated or "",
                    footer=_("高雄市政府提升服務執行計畫"))


def _item(item, t, foreign) -> ListItem:
    return ListItem(t(item.text), tuple(_item(i, t, foreign) for i in item.items), lang=foreign(item.text))
