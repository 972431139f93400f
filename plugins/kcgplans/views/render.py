"""The Jinja environment that turns content objects into page bodies in one language."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..model.types import HTML_LANG, Text
from . import i18n
from .spaceless import Spaceless
from .urls import relative

TEMPLATES = Path(__file__).parent / "templates"



@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, extensions=[Spaceless])
    env.filters["rel"] = lambda to, ctx_url: relative(ctx_url, to)
    return env


class Lang:
    """Per-language helpers handed to the templates as ``L``."""

    def __init__(self, lang: str):
        self.code = lang
        self.html = HTML_LANG[lang]
        self.untranslated = 0  # texts shown in Chinese on an English page

    def tx(self, text: Text | None) -> Markup:
        """Inline text; Chinese shown on an English page is marked so screen readers switch voice."""
        if text is None:
            return Markup("")
        value = escape(text.get(self.code))
        if text.lang_of(self.code) != self.code:
            self.untranslated += 1
            return Markup(f'<span lang="{HTML_LANG["zh"]}">{value}</span>')
        return value

    def plain(self, text: Text | None) -> str:
        return "" if text is None else text.get(self.code)

    def paras(self, text: Text | None, cls: str = "") -> Markup:
        """Block text: one <p> per blank-line-separated paragraph."""
        if text is None:
            return Markup("")
        attrs = f' class="{cls}"' if cls else ""
        if text.lang_of(self.code) != self.code:
            self.untranslated += 1
            attrs += f' lang="{HTML_LANG["zh"]}"'
        parts = [p.strip() for p in text.get(self.code).split("\n\n") if p.strip()]
        return Markup("".join(f"<p{attrs}>{escape(p).replace(chr(10), Markup('<br>'))}</p>" for p in parts))

    def year(self, year: int | None) -> str:
        return year_label(self.code, year)


def year_label(lang: str, year: int | None) -> str:
    """「民國 113 年（2024 年）」 / "2024 (ROC year 113)", or that the plan states no year."""
    _ = i18n.gettext(lang)
    if year is None:
        return _("未載明年度")
    return _("民國 %(roc)s 年（%(ad)s 年）", roc=year, ad=year + 1911)


def render(template: str, lang: str, url: str, **values) -> tuple[str, int]:
    """Render a body template; returns the HTML and how many texts fell back to Chinese."""
    env = environment()
    L = Lang(lang)
    _ = i18n.gettext(lang)
    html = env.get_template(template).render(L=L, _=_, url=url, **values)
    return html, L.untranslated
