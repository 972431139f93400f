"""Markup and CSS checks on small snippets, without a browser."""
from __future__ import annotations

from kcgplans.audit.checks import PageDoc, downloads, fonts, forms, language, navigation, tables


def doc(body: str, lang: str = "zh-TW", fetch=None) -> PageDoc:  # type: ignore[no-untyped-def]
    html = f'<html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>'
    return PageDoc.parse("a/index.html", "http://127.0.0.1:9/a/index.html", html, fetch)


def test_font_shorthand_line_height_may_be_absolute() -> None:
    problems, _ = fonts.analyse_stylesheet("a { font: bold 1rem/24px serif } b { font: 12px/1.5 serif }")
    assert [p.selector for p in problems] == ["b"]


def test_font_sizes_in_functions_media_nesting_and_imports() -> None:
    css = ('@import "x.css"; @media print { p { font-size: 10pt } } d { font-size: calc(1rem + 2px) } '
           'g { .h { font-size: 9px } } ok { font-size: 0 } ok2 { font-size: var(--s) }')
    problems, imports = fonts.analyse_stylesheet(css)
    assert [p.selector for p in problems] == ["@media print p", "d", "g .h"]
    assert imports == ["x.css"]


def test_linked_and_imported_sheets_are_fetched() -> None:
    sheets = {"http://127.0.0.1:9/a/s.css": "@import url(t.css); a { font-size: 1rem }",
              "http://127.0.0.1:9/a/t.css": "b { font-size: 11px }"}
    found = fonts.check_font_sizes(doc('<link rel="stylesheet" href="s.css">', fetch=sheets.get))
    assert [f.selector for f in found] == ["a/t.css:1:5 b"]  # site-relative sheet, line:column, selector


def test_th_headers_association_replaces_scope() -> None:
    found = tables.check_th_scope(doc('<table><tr><th id="x">A</th><th>B</th></tr>'
                                      '<tr><td headers="x">1</td><td>2</td></tr></table>'))
    assert [f.html for f in found] == ["<th>B</th>"]


def test_label_messages_explain_why() -> None:
    found = forms.check_labels(doc('<input aria-label="a"><input placeholder="b"><input>'
                                   '<label for="i"> </label><input id="i">'))
    assert len(found) == 4
    assert "aria-label" in found[0].message and "placeholder" in found[1].message


def test_stylesheet_hidden_controls_are_still_checked_like_freego() -> None:
    # Freego skips inline-hidden controls only.
    found = forms.check_labels(doc('<input class="hidden-by-css"><input style="display: none">'))
    assert len(found) == 1


def test_lang_equal_to_root_or_empty() -> None:
    found = language.check_lang(doc('<span lang="ZH-tw">x</span><span lang=" ">y</span><span lang="en">z</span>'))
    assert len(found) == 2


def test_office_twin_by_name_or_item() -> None:
    body = ('<a href="f/a.docx">a</a><a href="g/a.pdf">a</a>'
            '<ul><li><a href="b.xlsx">b</a> <a href="b-open.ods">ods</a></li><li><a href="c.pptx">c</a></li></ul>')
    found = downloads.check_office_downloads(doc(body))
    assert [f.html for f in found] == ['<a href="c.pptx">c</a>']
    assert downloads.local_documents(doc(body)) == ["a/b-open.ods", "a/b.xlsx", "a/c.pptx", "a/f/a.docx",
                                                    "a/g/a.pdf"]


def test_access_key_anchor_positions() -> None:
    body = ('<header><a href="#C" id="C" accesskey="C" title="c">:::</a></header>'
            '<main><a href="#U" id="U" accesskey="U" title="u">:::</a></main>'
            '<footer><a href="#Z" id="Z" accesskey="Z" title="z">:::</a></footer>')
    messages = [f.message for f in navigation.check_access_key_anchors(doc(body))]
    assert len(messages) == 2 and all("應位於" in m for m in messages)


def test_new_window_wording() -> None:
    body = ('<a href="x" target="_blank">x（另開新視窗）</a><a href="y" target="_blank" title="開新視窗">y</a>'
            '<a href="z" target="_blank"><img src="i" alt="z (opens in a new window)"></a>')
    found = navigation.check_new_window(doc(body))
    assert [f.html for f in found] == ['<a href="y" target="_blank" title="開新視窗">y</a>']


def test_non_ascii_paths_stay_site_relative() -> None:
    page = PageDoc.parse("計畫/index.html", "http://127.0.0.1:9/%E8%A8%88%E7%95%AB/index.html",
                         '<html lang="zh-TW"><body><a href="附件.pdf">附件</a></body></html>',
                         site_url="http://127.0.0.1:9/")
    assert downloads.local_documents(page) == ["計畫/附件.pdf"]


def test_base_path_comes_from_the_sitemap(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kcgplans.audit.pages import detect_base_path

    (tmp_path / "plans" / "a").mkdir(parents=True)
    (tmp_path / "plans" / "a" / "index.html").write_text("<html></html>")
    assert detect_base_path(tmp_path) == "/"
    (tmp_path / "sitemap.xml").write_text(
        "<urlset><url><loc>https://x.gov.tw/service-plans/plans/a/</loc></url></urlset>")
    assert detect_base_path(tmp_path) == "/service-plans/"
