"""Small repairs of HTML that Material or Python-Markdown write, where overriding a whole template to change
one attribute would copy far more than it changes."""
from __future__ import annotations

import re

TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
TH_WITHOUT_SCOPE = re.compile(r"<th(?![^>]*\bscope=)(?=[\s>])")
THEAD = re.compile(r"<thead>.*?</thead>", re.S)


def name_toc_toggle(html: str, label: str) -> str:
    """Material's nav-item.html writes the table-of-contents toggle on every page but its <label> only when the
    page has a table of contents; an unlabelled control fails HM1130104C, so it gets a title."""
    if 'for="__toc"' in html:
        return html
    return html.replace(TOC_TOGGLE, TOC_TOGGLE[:-1] + f' title="{label}">', 1)


def scope_table_headers(html: str) -> str:
    """Markdown tables have <th> only in their header row: give them scope="col" (HM1130101C)."""
    return THEAD.sub(lambda m: TH_WITHOUT_SCOPE.sub('<th scope="col"', m.group(0)), html)


NAV_TITLE = re.compile(r'(<label class="md-nav__title" for="__drawer">)(.*?)(</label>)', re.S)


def localize_nav_title(html: str, zh_name: str, name: str, home_href: str) -> str:
    """Material's drawer title shows config.site_name and links nav.homepage, both Chinese in this one-build
    bilingual site: on an English page they become the English name and the English home."""
    def fix(m: re.Match) -> str:
        body = m.group(2).replace(zh_name, name)
        body = re.sub(r'(<a href=")[^"]*(" title=)', lambda a: a.group(1) + home_href + a.group(2), body, count=1)
        return m.group(1) + body + m.group(3)
    return NAV_TITLE.sub(fix, html, count=1)
