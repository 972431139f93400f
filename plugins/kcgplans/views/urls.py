"""Where each page lives. One place decides, so links, the language switcher and the sitemap agree."""
from __future__ import annotations

LANG_PREFIX = {"zh": "", "en": "en/"}


def page_url(lang: str, *parts: str) -> str:
    """Site-root-relative URL of a page, directory style: page_url("en", "plans", "x") -> "en/plans/x/"."""
    path = "/".join(p.strip("/") for p in parts if p)
    return LANG_PREFIX[lang] + (path + "/" if path else "")


def src_uri(url: str) -> str:
    """The virtual source file for a URL: every page is a folder's index ("en/plans/x/" -> "en/plans/x/index.md"),
    so the URL is the same with and without MkDocs' use_directory_urls."""
    return url + "index.md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-root-relative), kept relative so the site
    works under any base path. Plain string work on the path segments: posixpath.relpath costs more than the
    rest of a page's rendering when a build makes tens of thousands of links."""
    to_path, hash_, fragment = to_url.partition("#")
    if to_path == from_url:
        return ("#" + fragment) if hash_ else "./"
    here = from_url.split("/")[:-1]          # "plans/x/" -> ["plans", "x"]
    there = to_path.split("/")
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return (rel or "./") + hash_ + fragment
