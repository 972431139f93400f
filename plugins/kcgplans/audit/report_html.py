"""The reviewers' report (audit-report.html): Chinese with English, and itself passing this audit.

It follows the conventions it checks: skip link, ::: anchors U/C/Z, landmarks, ordered headings, tables
with <caption> and scoped header cells inside focusable scroll regions (so 320 px reflow holds), relative
font sizes and a visible focus outline. Identical findings on many pages are merged into one row that lists
the pages, so a header problem repeated on 2,000 pages is one row, not 2,000.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any

from . import codes
from .report import HTML_NAME, all_findings

SEVERITY_ZH = {"critical": "嚴重", "serious": "重大", "moderate": "中等", "minor": "輕微"}
_SEVERITY_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
_PAGES_SHOWN = 8
# A site-wide problem (every link under a sticky header) would otherwise make thousands of rows; the JSON
# report keeps them all.
_ROWS_PER_CHECK = 200

_CSS = """
html { font-size: 100%; }
body { margin: 0; font-family: "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", sans-serif;
  font-size: 1rem; line-height: 1.6; color: #1b1b1b; background: #fff; }
header.top, main, footer { padding: 0 1rem; max-width: 80rem; margin: 0 auto; }
header.top { border-bottom: 0.125rem solid #1a4480; }
footer { border-top: 0.125rem solid #1a4480; margin-top: 2rem; font-size: 0.875rem; }
a { color: #0b4f8a; text-decoration: underline; }
a:focus-visible, summary:focus-visible, .scroll:focus-visible, main:focus-visible {
  outline: 0.1875rem solid #b3261e; outline-offset: 0.125rem; }
.skip { position: absolute; left: -100rem; top: 0.5rem; background: #fff; padding: 0.5rem 1rem; }
.skip:focus { left: 0.5rem; z-index: 10; }
.gt { display: inline-block; min-width: 1.5rem; min-height: 1.5rem; color: #555; text-decoration: none; }
nav ul { list-style: none; margin: 0.5rem 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
nav a { display: inline-block; min-height: 1.5rem; padding: 0.125rem 0; }
h1 { font-size: 1.75rem; line-height: 1.3; }
h2 { font-size: 1.375rem; margin-top: 2rem; border-bottom: 0.0625rem solid #ccc; }
h3 { font-size: 1.125rem; margin-top: 1.5rem; }
dl.facts { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0 0 0.25rem; overflow-wrap: anywhere; }
@media (max-width: 40rem) { dl.facts { grid-template-columns: 1fr; } }
.result-fail { color: #8b0000; font-weight: bold; }
.result-pass { color: #1e5e1e; font-weight: bold; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; min-width: 40rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 0.0625rem solid #999; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; }
code, pre { font-family: "Noto Sans Mono CJK TC", monospace; font-size: 0.875rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0 0; background: #f4f4f4;
  padding: 0.25rem; }
td code { overflow-wrap: anywhere; }
ul.pages { margin: 0; padding-left: 1.25rem; }
details summary { cursor: pointer; min-height: 1.5rem; }
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _en(text: str) -> str:
    """English text inside the Chinese page, marked for screen readers (3.1.2)."""
    return f'<span lang="en">{_e(text)}</span>'


def _severity(value: str) -> str:
    return f"{_e(SEVERITY_ZH.get(value, value))} {_en(value)}"


def _code_cell(code_115: str | None, code_110: str | None) -> str:
    code = _e(codes.display_code(code_115))
    if code_110 != code_115:
        code += f"<br>110.07：{_e(codes.display_code(code_110))}"
    return code


def _table(table_id: str, caption: str, head: list[str], rows: list[str]) -> str:
    """A data table in a keyboard-scrollable region labelled by its caption."""
    heads = "".join(f'<th scope="col">{h}</th>' for h in head)
    return (f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{table_id}-caption">'
            f'<table id="{table_id}"><caption id="{table_id}-caption">{caption}</caption>'
            f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _pages_cell(pages: list[str]) -> str:
    shown = "".join(f"<li><code>{_e(p)}</code></li>" for p in pages[:_PAGES_SHOWN])
    html = f'<ul class="pages">{shown}</ul>'
    if len(pages) > _PAGES_SHOWN:
        rest = "".join(f"<li><code>{_e(p)}</code></li>" for p in pages[_PAGES_SHOWN:])
        html += (f"<details><summary>其餘 {len(pages) - _PAGES_SHOWN} 頁 "
                 f"{_en(f'{len(pages) - _PAGES_SHOWN} more pages')}</summary><ul class=\"pages\">{rest}</ul></details>")
    return html


def _summary_section(report: dict[str, Any]) -> str:
    s = report["summary"]
    run = report["run"]
    passed = s["violations"] == 0 and s["errors"] == 0
    count = s["violations"] + s["errors"]
    fail_en = _en(f"Result: fail, {count} violations or errors")
    verdict = (f'<p class="result-pass">結果：通過 {_en("Result: pass")}</p>' if passed else
               f'<p class="result-fail">結果：未通過，共 {count} 個問題或錯誤 {fail_en}</p>')
    tools = "、".join(f"{_e(name)} {_e(version)}" for name, version in report["tools"].items() if version)
    facts = [
        ("規範 " + _en("Standard"), f"網站無障礙規範 {_e(report['edition'])}（WCAG {_e(report['wcag'])}），"
                                     f"另列 {_e(report['edition_previous'])} 檢測碼"),
        ("等級 " + _en("Level"), _e(report["level"])),
        ("檢測時間 " + _en("Generated"), _e(report["generated"])),
        ("頁面數 " + _en("Pages"), f"{s['pages_total']}（有問題 {s['pages_with_violations']}）"),
        ("下載文件 " + _en("Documents"), f"{s['documents_total']}（有問題 {s['documents_with_violations']}）"),
        ("問題數 " + _en("Violations"), _e(s["violations"])),
        ("需人工確認 " + _en("Needs review"), _e(s["needs_review"])),
        ("檢測錯誤 " + _en("Errors"), _e(s["errors"])),
        ("本次檢測 " + _en("This run"), f"{len(run['pages_audited'])} 頁，{_e(run['seconds'])} 秒，"
                                        f"{_e(run['pages_per_second'])} 頁/秒，{_e(run['jobs'])} 個瀏覽器"
                                        + ("（僅變更頁面 --changed）" if run["changed_only"] else "")),
        ("工具 " + _en("Tools"), tools),
    ]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return (f'<section aria-labelledby="summary"><h2 id="summary">摘要 {_en("Summary")}</h2>'
            f'{verdict}<dl class="facts">{items}</dl></section>')


def _codes_section(report: dict[str, Any]) -> str:
    rows = []
    for key, entry in report["summary"]["by_code"].items():
        checks = "、".join(f'<a href="#check-{_e(c)}"><code>{_e(c)}</code></a>' for c in entry["checks"])
        kind = {"C": "檢測碼 C", "E": "稽核評量碼 E"}.get(entry["kind"], "—")
        rows.append(
            f'<tr><th scope="row">{_e(key)}</th><td>{_e(codes.display_code(entry["code_110"]))}</td>'
            f'<td>{kind}</td><td>{_e(", ".join(entry["wcag"]))} ({_e(entry["level"])})</td><td>{checks}</td>'
            f'<td>{entry["count"]}</td><td>{entry["pages"]}</td></tr>')
    if not rows:
        rows.append('<tr><th scope="row">—</th><td colspan="6">沒有問題 ' + _en("No violations") + "</td></tr>")
    table = _table("by-code", f"各檢測碼的問題數 {_en('Violations per code')}",
                   [f"115.11 檢測碼 {_en('Code')}", "110.07", f"類別 {_en('Kind')}", "WCAG",
                    f"檢測項目 {_en('Checks')}", f"問題數 {_en('Findings')}", f"頁數 {_en('Pages')}"], rows)
    heading = f'<h2 id="codes">各檢測碼統計 {_en("Summary per code")}</h2>'
    return f'<section aria-labelledby="codes">{heading}{table}</section>'


def _group(findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_check: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        by_check[finding["check"]].append(finding)
    return by_check


def _check_section(check: str, findings: list[dict[str, Any]]) -> str:
    first = findings[0]
    merged: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    severity: dict[tuple[str, str, str], str] = {}
    for f in findings:
        key = (f["selector"], f["html"], f["message"])
        if f["page"] not in merged[key]:
            merged[key].append(f["page"])
        severity[key] = f["severity"]
    rows = []
    ordered = sorted(merged.items(), key=lambda item: (_SEVERITY_ORDER.get(severity[item[0]], 9), -len(item[1])))
    for index, ((selector, html, message), pages) in enumerate(ordered[:_ROWS_PER_CHECK], start=1):
        message_html = _en(message) if first["source"] == "axe" else _e(message)
        rows.append(
            f'<tr><th scope="row">{index}</th><td>{_pages_cell(pages)}</td>'
            f'<td><code>{_e(selector)}</code><pre><code>{_e(html)}</code></pre></td>'
            f'<td>{message_html}</td><td>{_severity(severity[(selector, html, message)])}</td></tr>')
    if len(ordered) > _ROWS_PER_CHECK:
        more = len(ordered) - _ROWS_PER_CHECK
        rows.append(f'<tr><th scope="row">…</th><td colspan="4">另有 {more} 個不同元素，見 audit-report.json '
                    f'{_en(f"{more} more elements in audit-report.json")}</td></tr>')
    help_link = (f'<a href="{_e(first["help_url"])}">{_en("axe rule help")}</a>'
                 if first.get("help_url") else "")
    facts = [
        ("WCAG", f'{_e(", ".join(first["wcag"]) or "—")} ({_e(first["level"])})'),
        ("115.11", _e(codes.display_code(first["code_115"]))),
        ("110.07", _e(codes.display_code(first["code_110"]))),
        ("嚴重度 " + _en("Severity"), _severity(first["severity"])),
        ("修正方式 " + _en("How to fix"), f'{_e(first["fix_zh"])}<br>{_en(first["fix_en"])}'),
        ("規則 " + _en("Rule"), f'<code>{_e(check)}</code>（{_e(first["source"])}）{help_link}'),
    ]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    heading = (f'{_e(codes.display_code(first["code_115"]))} {_e(first["title_zh"])} '
               f'{_en(first["title_en"])}')
    table = _table(f"table-{check}", f"{_e(first['title_zh'])}：{len(findings)} 個問題 "
                                     f"{_en(f'{len(findings)} findings')}",
                   ["#", f"頁面 {_en('Pages')}", f"元素 {_en('Element')}", f"說明 {_en('Message')}",
                    f"嚴重度 {_en('Severity')}"], rows)
    return (f'<section aria-labelledby="check-{_e(check)}"><h3 id="check-{_e(check)}">{heading}</h3>'
            f'<dl class="facts">{items}</dl>{table}</section>')


def _findings_section(report: dict[str, Any]) -> str:
    groups = _group(all_findings(report))
    ordered = sorted(groups.items(), key=lambda item: (codes.display_code(item[1][0]["code_115"]), item[0]))
    body = "".join(_check_section(check, found) for check, found in ordered)
    if not body:
        body = f"<p>沒有發現問題。{_en('No violations found.')}</p>"
    return f'<section aria-labelledby="findings"><h2 id="findings">問題清單 {_en("Findings")}</h2>{body}</section>'


def _review_section(report: dict[str, Any]) -> str:
    """axe's "incomplete" results: not failures, but a person has to look (e.g. contrast over images)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path, page in report["pages"].items():
        for item in page["needs_review"]:
            groups[item["check"]].append({**item, "page": path})
    rows = []
    for check, items in sorted(groups.items()):
        first = items[0]
        pages = sorted({item["page"] for item in items})
        example = f'<code>{_e(first["selector"])}</code><pre><code>{_e(first["html"])}</code></pre>'
        rows.append(f'<tr><th scope="row"><code>{_e(check)}</code></th>'
                    f'<td>{_e(first["title_zh"])}<br>{_en(first["title_en"])}</td>'
                    f'<td>{_e(codes.display_code(first["code_115"]))}</td><td>{len(items)}</td>'
                    f'<td>{_pages_cell(pages)}</td><td>{example}<br>{_en(first["message"])}</td></tr>')
    if not rows:
        rows.append(f'<tr><th scope="row">—</th><td colspan="5">沒有 {_en("None")}</td></tr>')
    table = _table("review-table", f"需人工確認的項目（不計入問題數）{_en('Needs review (not counted as violations)')}",
                   [f"規則 {_en('Rule')}", f"說明 {_en('Description')}", "115.11", f"數量 {_en('Count')}",
                    f"頁面 {_en('Pages')}", f"範例 {_en('Example')}"], rows)
    heading = f'<h2 id="review">需人工確認 {_en("Needs review")}</h2>'
    return f'<section aria-labelledby="review">{heading}{table}</section>'


def _downloads_section(report: dict[str, Any]) -> str:
    rows = []
    for item in report["downloads"]:
        document = report["documents"].get(item["path"])
        if document is None:
            status = "僅列出 " + _en("listed only")
        elif document["findings"]:
            status = "；".join(_e(f["message"]) for f in document["findings"])
        else:
            status = "通過 " + _en("pass")
        rows.append(f'<tr><th scope="row"><code>{_e(item["path"])}</code></th><td>{_e(item["format"])}</td>'
                    f'<td>{_pages_cell(item["pages"])}</td><td>{status}</td></tr>')
    if not rows:
        rows.append(f'<tr><th scope="row">—</th><td colspan="3">沒有下載檔案 {_en("No downloads")}</td></tr>')
    table = _table("downloads-table", f"ME1320200C 清單：下載檔案 {_en('Download list')}",
                   [f"檔案 {_en('File')}", f"格式 {_en('Format')}", f"連結頁面 {_en('Linked from')}",
                    f"文件檢查 {_en('Document check')}"], rows)
    return (f'<section aria-labelledby="documents"><h2 id="documents">下載文件 {_en("Downloads")}</h2>'
            f"{table}</section>")


def _pages_section(report: dict[str, Any]) -> str:
    rows = []
    for path, page in sorted(report["pages"].items()):
        error = f'<br>錯誤 {_en("error")}：{_e(page["error"])}' if page.get("error") else ""
        rows.append(f'<tr><th scope="row"><code>{_e(path)}</code></th><td>{_e(page["title"])}</td>'
                    f'<td>{_e(page["lang"])}</td><td>{len(page["findings"])}</td>'
                    f'<td>{len(page["needs_review"])}</td><td>{_e(page["audited_at"])}{error}</td></tr>')
    table = _table("pages-table", f"各頁結果 {_en('Result per page')}",
                   [f"頁面 {_en('Page')}", f"標題 {_en('Title')}", f"語言 {_en('Language')}",
                    f"問題 {_en('Violations')}", f"需確認 {_en('Needs review')}", f"檢測時間 {_en('Audited')}"],
                   rows)
    return f'<section aria-labelledby="pages"><h2 id="pages">頁面一覽 {_en("Pages")}</h2>{table}</section>'


def render(report: dict[str, Any]) -> str:
    """The whole report page."""
    nav = "".join(f'<li><a href="#{anchor}">{zh} {_en(en)}</a></li>' for anchor, zh, en in (
        ("summary", "摘要", "Summary"), ("codes", "各檢測碼統計", "Per code"), ("findings", "問題清單", "Findings"),
        ("review", "需人工確認", "Needs review"), ("documents", "下載文件", "Downloads"),
        ("pages", "頁面一覽", "Pages")))
    title = f"無障礙檢測報告 Accessibility audit report {report['generated'][:10]}"
    return f"""<!doctype html>
<html lang="zh-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<a class="skip" href="#main">跳到主要內容 {_en("Skip to main content")}</a>
<header class="top">
<a href="#U" id="U" accesskey="U" title="上方功能區塊" class="gt">:::</a>
<p>網站無障礙規範 {_e(report["edition"])} · WCAG {_e(report["wcag"])} {_e(report["level"])}</p>
<nav aria-label="報告目錄 Report contents"><ul>{nav}</ul></nav>
</header>
<main id="main" tabindex="-1">
<a href="#C" id="C" accesskey="C" title="中央內容區塊" class="gt">:::</a>
<h1>無障礙檢測報告 {_en("Accessibility audit report")}</h1>
{_summary_section(report)}
{_codes_section(report)}
{_findings_section(report)}
{_review_section(report)}
{_downloads_section(report)}
{_pages_section(report)}
</main>
<footer>
<a href="#Z" id="Z" accesskey="Z" title="下方功能區塊" class="gt">:::</a>
<p>由 kcgplans.audit {_e(report["tools"].get("kcgplans-audit", ""))} 產生，使用 axe-core
{_e(report["tools"].get("axe-core", ""))}。{_en("Generated by kcgplans.audit with axe-core.")}</p>
</footer>
</body>
</html>
"""


def write_html(report: dict[str, Any], directory: Path) -> Path:
    """Write audit-report.html next to the JSON report."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / HTML_NAME
    path.write_text(render(report), encoding="utf-8")
    return path
