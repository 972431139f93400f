"""Templates lose their indentation before they are compiled (page weight), and nothing else changes."""
from __future__ import annotations

import re

import pytest
from jinja2 import DictLoader, Environment, TemplateSyntaxError

from sitehtml import html_pages

from kcgplans.views.spaceless import Spaceless, strip_indentation


def env(templates: dict[str, str]) -> Environment:
    return Environment(loader=DictLoader(templates), extensions=[Spaceless])


def test_indentation_goes_and_line_breaks_stay():
    page = env({"p.html": "<ul>\n    {% for x in xs %}\n    <li>{{ x }}</li>  \n    {% endfor %}\n</ul>\n"})
    assert page.get_template("p.html").render(xs=["a", "b"]) == "<ul>\n\n<li>a</li>\n\n<li>b</li>\n\n</ul>"


def test_an_error_still_names_its_line():
    broken = env({"b.html": "<div>\n    <p>\n\n        {% if %}\n    </p>\n</div>\n"})
    with pytest.raises(TemplateSyntaxError) as raised:
        broken.get_template("b.html")
    assert raised.value.lineno == 4


def test_preformatted_templates_and_other_files_are_left_as_written():
    assert strip_indentation("<pre>\n    code\n</pre>") == "<pre>\n    code\n</pre>"
    assert strip_indentation("<TEXTAREA>\n  x</TEXTAREA>") == "<TEXTAREA>\n  x</TEXTAREA>"
    text = env({"t.txt": "a\n    b\n"})
    assert text.get_template("t.txt").render() == "a\n    b"


def test_built_pages_carry_no_template_indentation(built_site):
    indented = {}
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        if "<pre" in html:
            continue
        lines = re.findall(r"\n[ \t]+\S", html)
        if lines:
            indented[str(path.relative_to(built_site))] = len(lines)
    assert not indented
