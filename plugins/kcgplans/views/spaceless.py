"""A Jinja extension that drops the indentation of template lines before templates are compiled.

Material's templates are indented for reading: a plan page carried about 4 KB of indentation (15.5 KB of
chrome before the article, 12 KB without it). Spaces and tabs at the start and end of each line go; the line
breaks stay, so an error in a template still names the right line and an inline script keeps its line ends.
Browsers collapse that white space anyway wherever text is laid out normally. Done on the template source,
once per compile, so rendering costs nothing; page bodies (Markdown, <pre>) pass through untouched.
"""
from __future__ import annotations

import re

from jinja2.ext import Extension

_LINE_EDGES = re.compile(r"[ \t]*\n[ \t]*")
# Templates whose text is laid out as written: left as they are.
_PRESERVED = re.compile(r"<(pre|textarea)\b", re.I)
_MARKUP = (".html", ".xml", ".svg")


def strip_indentation(source: str) -> str:
    """``source`` without spaces or tabs next to its line breaks (unless it has <pre> or <textarea>)."""
    if _PRESERVED.search(source):
        return source
    return _LINE_EDGES.sub("\n", source)


class Spaceless(Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is not None and not name.endswith(_MARKUP):
            return source
        return strip_indentation(source)
