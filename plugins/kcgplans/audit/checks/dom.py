"""Helpers shared by the markup checks: the parsed page, selectors, snippets and Freego's idea of hidden."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml.html import HtmlElement

from ..model import Finding, snippet

_INLINE_HIDDEN = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important)?\s*(?:;|$)",
                            re.IGNORECASE)


@dataclass
class PageDoc:
    """One page as the markup checks see it."""

    path: str  # site-relative, e.g. "en/plans/index.html"
    url: str  # absolute URL on the local server
    tree: HtmlElement
    site_url: str = ""  # URL of the site root, ending in "/"
    # Fetches a URL from the local server (stylesheets); injected so checks stay testable without a server.
    fetch: Callable[[str], str | None] = field(default=lambda url: None)

    @classmethod
    def parse(cls, path: str, url: str, html: str, fetch: Callable[[str], str | None] | None = None,
              site_url: str | None = None) -> PageDoc:
        """Parse a serialised DOM (``document.documentElement.outerHTML``)."""
        tree = lxml.html.document_fromstring(html)
        # Without an explicit root, the page URL minus its path (both unescaped ASCII in tests) is the root.
        root = site_url if site_url is not None else url[: len(url) - len(path)]
        return cls(path=path, url=url, tree=tree, site_url=root, fetch=fetch or (lambda url: None))

    def site_relative(self, url: str) -> str | None:
        """Unescaped site-relative path of an absolute URL on this site, or None for other sites."""
        if not self.is_local(url):
            return None
        root = unquote(urlsplit(self.site_url).path)
        path = unquote(urlsplit(url).path)
        return path[len(root):] if path.startswith(root) else None

    @property
    def lang(self) -> str:
        """The root element's lang attribute, as written."""
        return (self.tree.get("lang") or "").strip()

    @property
    def is_chinese(self) -> bool:
        """Whether the page's language is Chinese (picks the zh or en wording of conventions)."""
        return self.lang.lower().startswith("zh")

    def resolve(self, href: str) -> str:
        """Absolute URL of a reference on this page."""
        return urljoin(self.url, href)

    def is_local(self, url: str) -> bool:
        """Whether an absolute URL points at the site under audit."""
        return urlsplit(url).netloc == urlsplit(self.url).netloc

    def finding(self, check: str, element: HtmlElement | None, message: str, *, selector: str | None = None,
                html: str | None = None) -> Finding:
        """A finding for an element of this page."""
        return Finding(
            check=check,
            page=self.path,
            selector=selector if selector is not None else (css_path(element) if element is not None else ""),
            html=html if html is not None else (outer_html(element) if element is not None else ""),
            message=message,
        )


def css_path(element: HtmlElement) -> str:
    """A CSS selector that finds ``element`` again: nearest id, then tag:nth-of-type steps."""
    steps: list[str] = []
    node: HtmlElement | None = element
    while node is not None and isinstance(node.tag, str):
        ident = node.get("id")
        if ident and re.fullmatch(r"[A-Za-z][\w-]*", ident):
            steps.append(f"#{ident}")
            break
        parent = node.getparent()
        if parent is None:
            steps.append(node.tag)
            break
        same = [child for child in parent if child.tag == node.tag]
        steps.append(node.tag if len(same) == 1 else f"{node.tag}:nth-of-type({same.index(node) + 1})")
        node = parent
    return " > ".join(reversed(steps))


def outer_html(element: HtmlElement, limit: int = 400) -> str:
    """The element's markup, shortened; containers are cut so a whole <nav> does not flood the report."""
    html = lxml.html.tostring(element, encoding="unicode", with_tail=False)
    return snippet(html, limit)


def freego_hidden(element: HtmlElement) -> bool:
    """Hidden the way Freego skips it: template/slot, aria-hidden, hidden attribute or inline display/visibility.

    Freego ignores stylesheet hiding, so an element hidden only by CSS is still checked; that is deliberate.
    """
    node: HtmlElement | None = element
    while node is not None and isinstance(node.tag, str):
        if node.tag in ("template", "slot"):
            return True
        if node.get("aria-hidden", "").strip().lower() == "true" or node.get("hidden") is not None:
            return True
        if _INLINE_HIDDEN.search(node.get("style", "")):
            return True
        node = node.getparent()
    return False


def visible_text(element: HtmlElement) -> str:
    """Text a reader gets from the element: text nodes plus the alt of images inside it."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.tag == "img":
            parts.append(node.get("alt", ""))
        if node.tag not in ("script", "style", "template"):
            if node.text:
                parts.append(node.text)
            for child in node:
                if isinstance(child.tag, str):
                    walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(element)
    return " ".join(" ".join(parts).split())


def is_blank(value: str | None) -> bool:
    """Freego's 「不得為空字串或空白」."""
    return value is None or not value.strip()
