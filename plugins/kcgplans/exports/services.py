"""An agency's FAQ page and an SOP as format-neutral Documents, in one language (their ODT and PDF downloads)."""
from __future__ import annotations

from ..model import Content
from ..model.types import HTML_LANG, Text
from ..views import i18n
from ..views.services import CHANNEL_NAMES, TIME_UNITS, markdown_html, plain_text
from .document import BulletList, Definition, DefinitionList, Document, Heading, ListItem, Paragraph

ASK = "請洽承辦單位"


def _helpers(lang: str):
    _ = i18n.gettext(lang)

    def t(text: Text | None) -> str:
        return text.get(lang) if text else ""

    def foreign(text: Text | None) -> str | None:
        return HTML_LANG["zh"] if text and text.lang_of(lang) != lang else None

    def markdown(text: Text | None) -> list[Paragraph]:
        """A Markdown text as paragraphs of plain text (documents carry no Markdown)."""
        if text is None:
            return []
        return [Paragraph(plain_text(markdown_html(p)), foreign(text))
                for p in text.get(lang).split("\n\n") if p.strip()]

    return _, t, foreign, markdown


def faq_document(content: Content, agency_id: str, lang: str, url: str) -> Document:
    _, t, foreign, markdown = _helpers(lang)
    agency = content.agencies[agency_id]
    entries = [e for e in content.faqs.values() if e.agency == agency_id]
    title = _("%(agency)s常見問答", agency=t(agency.short_name or agency.name))
    blocks: list = [Heading(title, 1)]
    if lang == "en":
        blocks.append(Paragraph(_("本文件為英文翻譯，內容以中文版為準。")))
    for category in content.faq_categories.values():
        in_category = [e for e in entries if e.category == category.id]
        if not in_category:
            continue
        blocks.append(Heading(t(category.name), 2))
        for entry in in_category:
            blocks.append(Heading(t(entry.question), 3))
            blocks += markdown(entry.answer)
            units = _("、").join(t(agency.unit(u).name) for u in entry.units if agency.unit(u)) or _(ASK)
            blocks.append(Paragraph(f"{_('承辦單位')}{_('：')}{units}{_('；')}{_('更新日期')}{_('：')}{entry.updated}"))
    updated = max((e.updated for e in entries), default="")
    return Document(title=title, lang=HTML_LANG[lang], url=url, blocks=tuple(blocks), subject=_("常見問答"),
                    author=t(agency.name), date=updated, footer=_("高雄市政府提升服務執行計畫"))


def sop_document(content: Content, sop_id: str, lang: str, url: str) -> Document:
    _, t, foreign, markdown = _helpers(lang)
    sop = content.sops[sop_id]
    agency = content.agencies[sop.agency]
    ask = _(ASK)

    def limit(value) -> str:
        if not value:
            return ask
        return _(TIME_UNITS[value.unit], n=value.amount)

    blocks: list = [Heading(t(sop.title), 1)]
    if lang == "en":
        blocks.append(Paragraph(_("本文件為英文翻譯，內容以中文版為準。")))
    blocks += markdown(sop.description)
    units = _("、").join(t(agency.unit(u).name) for u in sop.units if agency.unit(u)) or ask
    channels = _("、").join(_(CHANNEL_NAMES[c.type]) + (f"（{t(c.note)}）" if c.note else "") for c in sop.channels)
    documents = _("、").join(t(d.name) + (_("（可免附）") if d.optional else "") for d in sop.documents)
    contact = _("、").join([*sop.contact.phone, *sop.contact.email]) or ask
    blocks.append(DefinitionList((
        Definition(_("承辦機關"), t(agency.name)),
        Definition(_("承辦單位"), units),
        Definition(_("申請資格"), t(sop.eligibility) or ask),
        Definition(_("應備文件"), documents or ask),
        Definition(_("申辦方式"), channels or ask),
        Definition(_("處理期限"), limit(sop.time_limit)),
        Definition(_("規費"), t(sop.fees) or ask),
        Definition(_("聯絡方式"), contact),
        Definition(_("法令依據"), _("、").join(t(b) for b in sop.legal_basis) or ask),
        Definition(_("更新日期"), sop.updated),
    )))
    blocks.append(Heading(_("辦理流程"), 2))
    if sop.steps:
        blocks.append(BulletList(tuple(
            ListItem(t(s.text), note=f"{_('辦理者')}{_('：')}{t(s.actor) or ask}{_('；')}{_('時限')}{_('：')}"
                                     f"{limit(s.time_limit)}", lang=foreign(s.text))
            for s in sop.steps)))
    else:
        blocks.append(Paragraph(ask))
    return Document(title=t(sop.title), lang=HTML_LANG[lang], url=url, blocks=tuple(blocks),
                    subject=_("標準作業流程"), author=t(agency.name), date=sop.updated,
                    footer=_("高雄市政府提升服務執行計畫"))
