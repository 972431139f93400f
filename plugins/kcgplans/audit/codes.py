"""Every check the audit runs, mapped to WCAG and to Taiwan's 網站無障礙規範 codes, with fix text.

Codes are kept per edition because 115.11 renumbered some of them (fieldset: HM1130103C in 110.07,
HM1130105C in 115.11) and added WCAG 2.2 criteria that 110.07 has no code for. ``code_110 = None`` means
"no 110.07 code", never "same as 115.11" — the helper functions below fill in the common case.
Sources: /work/shared/reference/taiwan-accessibility.md §3–§5 (115.11 appendix text via happyloa
``coverage.json``; renames via a11y-moda ``docs/migration_115_11.md``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["critical", "serious", "moderate", "minor"]
Kind = Literal["C", "E", "—"]

EDITION = "115.11"
EDITION_PREVIOUS = "110.07"
LEVEL = "AA"
WCAG_VERSION = "2.2"

# axe rules are chosen by these tags (WCAG 2.2 A + AA) plus the best-practice rules listed below.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
# Rules with these tags are not run even when a WCAG tag matches: deprecated ones test the removed SC 4.1.1,
# experimental ones are not stable enough to fail a build on.
AXE_EXCLUDED_TAGS = ("deprecated", "experimental", "wcag2a-obsolete")

_SAME = "same"


@dataclass(frozen=True)
class CheckInfo:
    """One row of the code table."""

    id: str
    source: Literal["axe", "custom"]
    wcag: tuple[str, ...]
    level: Literal["A", "AA"]
    code_115: str | None
    code_110: str | None
    severity: Severity
    title_zh: str
    title_en: str
    fix_zh: str
    fix_en: str

    @property
    def kind(self) -> Kind:
        """C = 檢測碼 (Freego machine check, blocks the badge); E = 稽核評量碼 (manual audit); — = no code."""
        if not self.code_115:
            return "—"
        return "C" if self.code_115.endswith("C") else "E"

    @property
    def code_110_differs(self) -> bool:
        """Whether the report has to print the 110.07 code next to the 115.11 one."""
        return self.code_110 != self.code_115


def _row(
    check_id: str,
    source: Literal["axe", "custom"],
    wcag: str,
    level: Literal["A", "AA"],
    code_115: str | None,
    fix_zh: str,
    fix_en: str,
    *,
    title_zh: str = "",
    title_en: str = "",
    code_110: str | None = _SAME,
    severity: Severity = "serious",
) -> CheckInfo:
    return CheckInfo(
        id=check_id,
        source=source,
        wcag=tuple(wcag.split(",")) if wcag else (),
        level=level,
        code_115=code_115,
        code_110=code_115 if code_110 == _SAME else code_110,
        severity=severity,
        title_zh=title_zh,
        title_en=title_en,
        fix_zh=fix_zh,
        fix_en=fix_en,
    )


def _axe(check_id: str, wcag: str, level: Literal["A", "AA"], code_115: str | None, fix_zh: str, fix_en: str,
         **kw: object) -> CheckInfo:
    # Titles of axe rules come from axe itself (English) and its zh_TW locale at run time.
    return _row(check_id, "axe", wcag, level, code_115, fix_zh, fix_en, **kw)  # type: ignore[arg-type]


def _custom(check_id: str, wcag: str, level: Literal["A", "AA"], code_115: str | None, title_zh: str, title_en: str,
            fix_zh: str, fix_en: str, **kw: object) -> CheckInfo:
    return _row(check_id, "custom", wcag, level, code_115, fix_zh, fix_en, title_zh=title_zh, title_en=title_en,
                **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------------
# axe-core rules (WCAG A/AA tags, minus deprecated/experimental)
# --------------------------------------------------------------------------------------------------------

_NAME_ROLE = "HM1410200C"  # 4.1.2: roles, names and values per spec
_SEMANTICS = "HM1130105E"  # 1.3.1: mark structure with semantic elements

AXE_WCAG_RULES: tuple[CheckInfo, ...] = (
    _axe("area-alt", "1.1.1", "A", "HM1110101C",
         "為影像地圖的每個 <area> 加上說明其目的的 alt。", "Give every image-map <area> an alt describing its target."),
    _axe("aria-allowed-attr", "4.1.2", "A", _NAME_ROLE,
         "移除該角色不支援的 aria-* 屬性。", "Remove aria-* attributes the element's role does not support."),
    _axe("aria-braille-equivalent", "4.1.2", "A", _NAME_ROLE,
         "有 aria-braillelabel/aria-brailleroledescription 時也要提供一般的名稱/角色描述。",
         "Give a non-braille name/role description alongside the braille one."),
    _axe("aria-command-name", "4.1.2", "A", _NAME_ROLE,
         "為 role=button/link/menuitem 元素提供文字或 aria-label。", "Give role=button/link/menuitem elements a name."),
    _axe("aria-conditional-attr", "4.1.2", "A", _NAME_ROLE,
         "只在該角色允許的情況下使用 ARIA 屬性。", "Use ARIA attributes only where the role allows them."),
    _axe("aria-deprecated-role", "4.1.2", "A", _NAME_ROLE,
         "改用現行的 ARIA 角色。", "Replace the deprecated ARIA role."),
    _axe("aria-hidden-body", "1.3.1,4.1.2", "A", _NAME_ROLE,
         "不要在 <body> 上設定 aria-hidden=\"true\"。", "Remove aria-hidden=\"true\" from <body>."),
    _axe("aria-hidden-focus", "4.1.2", "A", _NAME_ROLE,
         "aria-hidden 區塊內不可有可聚焦元素：移除 aria-hidden 或加 tabindex=\"-1\"/inert。",
         "Hidden regions must not contain focusable elements: drop aria-hidden or make them inert."),
    _axe("aria-input-field-name", "4.1.2", "A", _NAME_ROLE,
         "為 ARIA 輸入欄位提供名稱（aria-label / aria-labelledby）。", "Name every ARIA input field."),
    _axe("aria-meter-name", "1.1.1", "A", "HM1110105E",
         "為 role=meter 提供名稱。", "Name every role=meter element."),
    _axe("aria-progressbar-name", "1.1.1", "A", "HM1110105E",
         "為 role=progressbar 提供名稱。", "Name every role=progressbar element."),
    _axe("aria-prohibited-attr", "4.1.2", "A", _NAME_ROLE,
         "移除此角色禁止使用的 aria-label/aria-labelledby。", "Remove naming attributes the role prohibits."),
    _axe("aria-required-attr", "4.1.2", "A", _NAME_ROLE,
         "補上該角色必要的 ARIA 屬性。", "Add the ARIA attributes the role requires."),
    _axe("aria-required-children", "1.3.1", "A", _SEMANTICS,
         "在該角色內放入必要的子角色。", "Give the role its required child roles."),
    _axe("aria-required-parent", "1.3.1", "A", _SEMANTICS,
         "將元素放入其角色要求的父角色內。", "Place the element inside its required parent role."),
    _axe("aria-roles", "4.1.2", "A", _NAME_ROLE,
         "使用有效的 ARIA 角色值。", "Use valid ARIA role values."),
    _axe("aria-tab-name", "4.1.2", "A", _NAME_ROLE,
         "為 role=tab 提供名稱。", "Name every role=tab element."),
    _axe("aria-toggle-field-name", "4.1.2", "A", _NAME_ROLE,
         "為切換類 ARIA 控制項提供名稱。", "Name every ARIA toggle field."),
    _axe("aria-tooltip-name", "4.1.2", "A", _NAME_ROLE,
         "為 role=tooltip 提供名稱。", "Name every role=tooltip element."),
    _axe("aria-valid-attr", "4.1.2", "A", _NAME_ROLE,
         "修正拼錯或不存在的 aria-* 屬性名稱。", "Fix misspelt or non-existent aria-* attribute names."),
    _axe("aria-valid-attr-value", "4.1.2", "A", _NAME_ROLE,
         "修正 aria-* 屬性值（例如指向不存在 id 的 aria-controls）。",
         "Fix invalid aria-* values (e.g. aria-controls pointing to a missing id)."),
    _axe("autocomplete-valid", "1.3.5", "AA", "FA2130501E",
         "autocomplete 使用 HTML 規範中的正確值。", "Use valid autocomplete tokens."),
    _axe("avoid-inline-spacing", "1.4.12", "AA", "CS2141200E",
         "行內 style 的文字間距不要加 !important，讓使用者能覆寫。",
         "Do not set text spacing with !important in style attributes."),
    _axe("blink", "2.2.2", "A", "GN1220200E",
         "移除 <blink>。", "Remove <blink>."),
    _axe("button-name", "4.1.2", "A", _NAME_ROLE,
         "為按鈕提供文字、aria-label 或 title。", "Give every button text, aria-label or title."),
    _axe("bypass", "2.4.1", "A", "GN1240100E",
         "提供「跳到主要內容」鏈結、<main> 地標或標題，讓使用者略過重複區塊。",
         "Provide a skip link, a <main> landmark or headings to bypass repeated blocks."),
    _axe("color-contrast", "1.4.3", "AA", "GN2140300E",
         "文字與背景對比至少 4.5:1（大字 3:1）：調深文字色或調淡背景。",
         "Make text contrast at least 4.5:1 (3:1 for large text)."),
    _axe("definition-list", "1.3.1", "A", _SEMANTICS,
         "<dl> 內只放 <dt>/<dd>（或包住它們的 <div>）。", "Let <dl> contain only <dt>/<dd> groups."),
    _axe("dlitem", "1.3.1", "A", _SEMANTICS,
         "<dt>/<dd> 必須放在 <dl> 內。", "Put <dt>/<dd> inside a <dl>."),
    _axe("document-title", "2.4.2", "A", "HM1240200C",
         "每頁 <head> 內都要有非空白的 <title>。", "Give every page a non-empty <title>."),
    _axe("duplicate-id-aria", "4.1.2", "A", _NAME_ROLE,
         "ARIA 或 label 參照的 id 必須唯一。", "Make ids referenced by ARIA or labels unique."),
    _axe("form-field-multiple-labels", "1.3.1,3.3.2", "A", "HM1130112E",
         "每個表單欄位只用一個 <label>。", "Give each form field a single <label>."),
    _axe("frame-focusable-content", "2.1.1", "A", "GN1210100E",
         "有可聚焦內容的 iframe 不可設 tabindex=\"-1\"。",
         "Do not put tabindex=\"-1\" on frames with focusable content."),
    _axe("frame-title", "4.1.2", "A", "HM1410201C",
         "為每個 <iframe> 加上描述內容的 title 屬性。", "Give every <iframe> a descriptive title attribute."),
    _axe("frame-title-unique", "4.1.2", "A", "HM1410201C",
         "每個 iframe 的 title 都要不同。", "Give each iframe a unique title."),
    _axe("html-has-lang", "3.1.1", "A", "HM1310100C",
         "在 <html> 加上 lang（例如 zh-TW 或 en）。", "Add a lang attribute to <html> (zh-TW or en)."),
    _axe("html-lang-valid", "3.1.1", "A", "HM1310100C",
         "<html lang> 使用有效的 BCP 47 語言代碼。", "Use a valid BCP 47 code in <html lang>."),
    _axe("html-xml-lang-mismatch", "3.1.1", "A", "HM1310100C",
         "lang 與 xml:lang 的主要語言必須一致。", "Make lang and xml:lang agree."),
    _axe("image-alt", "1.1.1", "A", "HM1110100C",
         "為 <img> 加上 alt：說明圖片用途；裝飾圖用 alt=\"\"。",
         "Give every <img> an alt: describe its purpose, or alt=\"\" when decorative."),
    _axe("input-button-name", "4.1.2", "A", _NAME_ROLE,
         "為 input 按鈕提供 value 或 aria-label。", "Give input buttons a value or aria-label."),
    _axe("input-image-alt", "1.1.1,4.1.2", "A", "HM1110104C",
         "為 <input type=\"image\"> 加上非空白的 alt。", "Give <input type=\"image\"> a non-empty alt."),
    _axe("label", "4.1.2", "A", "HM1130104C",
         "為表單控制項加上 <label for> 或 title。", "Label every form control with <label for> or title."),
    _axe("label-content-name-mismatch", "2.5.3", "A", "GN1250300E",
         "無障礙名稱要包含畫面上看得到的標籤文字。", "Include the visible label text in the accessible name."),
    _axe("link-in-text-block", "1.4.1", "A", "GN1140100E",
         "段落內的鏈結除顏色外還要有底線等區別，或與周圍文字對比 3:1。",
         "Distinguish links in text by more than colour (e.g. underline them)."),
    _axe("link-name", "2.4.4,4.1.2", "A", "HM1240401C",
         "每個鏈結都要有非空白的鏈結文字（或圖片 alt）。", "Give every link non-empty text (or an image alt)."),
    _axe("list", "1.3.1", "A", _SEMANTICS,
         "<ul>/<ol> 內只放 <li>。", "Let <ul>/<ol> contain only <li>."),
    _axe("listitem", "1.3.1", "A", _SEMANTICS,
         "<li> 必須放在 <ul>/<ol> 內。", "Put <li> inside <ul> or <ol>."),
    _axe("marquee", "2.2.2", "A", "GN1220200E",
         "移除 <marquee>。", "Remove <marquee>."),
    _axe("meta-refresh", "2.2.1", "A", "FA1220102E",
         "不要用 <meta http-equiv=\"refresh\"> 計時轉址。", "Do not redirect or refresh with a timed meta refresh.",
         code_110="GN1220101E"),
    _axe("meta-viewport", "1.4.4", "AA", "GN2140400E",
         "viewport 不可設 user-scalable=no 或 maximum-scale 小於 2。",
         "Do not disable zoom in the viewport meta tag."),
    _axe("nested-interactive", "4.1.2", "A", _NAME_ROLE,
         "不要把可互動元素放在另一個可互動元素裡。", "Do not nest interactive controls."),
    _axe("no-autoplay-audio", "1.4.2", "A", "GN1140200E",
         "不要自動播放超過 3 秒的聲音，或提供停止控制。", "Do not autoplay audio longer than 3 s without a control."),
    _axe("object-alt", "1.1.1", "A", "HM1110105C",
         "為 <object> 提供替代文字。", "Give every <object> a text alternative."),
    _axe("role-img-alt", "1.1.1", "A", "HM1110100C",
         "為 role=\"img\" 元素提供 aria-label。", "Name every role=\"img\" element."),
    _axe("scrollable-region-focusable", "2.1.1", "A", "GN1210100E",
         "可捲動區塊加 tabindex=\"0\"（及名稱），讓鍵盤能捲動。",
         "Make scrollable regions keyboard-focusable (tabindex=\"0\" plus a name)."),
    _axe("select-name", "4.1.2", "A", "HM1130104C",
         "為 <select> 加上 <label for> 或 title。", "Label every <select>."),
    _axe("server-side-image-map", "2.1.1", "A", "GN1210100E",
         "改用用戶端影像地圖或一般鏈結。", "Replace server-side image maps."),
    _axe("summary-name", "4.1.2", "A", _NAME_ROLE,
         "為 <summary> 提供文字。", "Give every <summary> text."),
    _axe("svg-img-alt", "1.1.1", "A", "HM1110100C",
         "為 role=\"img\" 的 <svg> 加上 <title> 或 aria-label。", "Name every <svg role=\"img\">."),
    _axe("target-size", "2.5.8", "AA", "CS2250800E",
         "可點擊目標至少 24×24 CSS px，或與鄰近目標保持足夠間距（可用 min-width/min-height/padding）。",
         "Make pointer targets at least 24×24 CSS px or space them apart.",
         code_110=None),
    _axe("td-headers-attr", "1.3.1", "A", "HM1130102C",
         "headers 屬性只能指向同一表格內的標題儲存格 id。", "Point headers only at header-cell ids of the same table."),
    _axe("th-has-data-cells", "1.3.1", "A", "HM1130109E",
         "每個 <th> 都要對應到資料儲存格；空的表頭列請移除。", "Make every <th> describe some data cells."),
    _axe("valid-lang", "3.1.2", "AA", "HM2310200C",
         "lang 屬性使用有效的語言代碼。", "Use valid language codes in lang attributes."),
    _axe("video-caption", "1.2.2", "A", "GN1120200E",
         "為 <video> 提供字幕軌 <track kind=\"captions\">。", "Give every <video> a captions track."),
)

# Best-practice rules that Taiwanese reviewers (and Freego's C codes) treat as failures.
AXE_BEST_PRACTICE_RULES: tuple[CheckInfo, ...] = (
    _axe("accesskeys", "2.4.1", "A", "GN1240102E",
         "每個 accesskey 的值在頁面中只能出現一次。", "Use each accesskey value only once per page.",
         severity="moderate"),
    _axe("aria-allowed-role", "4.1.2", "A", _NAME_ROLE,
         "只使用元素允許的 role。", "Use only roles allowed on the element.", severity="moderate"),
    _axe("aria-dialog-name", "4.1.2", "A", _NAME_ROLE,
         "為 role=dialog 提供 aria-label 或 aria-labelledby（例如搜尋對話框）。",
         "Name every role=dialog (e.g. the search dialog)."),
    _axe("aria-text", "4.1.2", "A", _NAME_ROLE,
         "role=text 內不可有可聚焦元素。", "Keep focusable elements out of role=text.", severity="moderate"),
    _axe("aria-treeitem-name", "4.1.2", "A", _NAME_ROLE,
         "為 role=treeitem 提供名稱。", "Name every role=treeitem."),
    _axe("empty-heading", "1.3.1", "A", "HM1130100C",
         "標題元素不可空白；刪除空標題或補上文字。", "Remove empty headings or give them text."),
    _axe("empty-table-header", "1.3.1", "A", "HM1130107E",
         "表頭儲存格要有文字。", "Give every table header cell text."),
    _axe("heading-order", "1.3.1", "A", "HM1130100C",
         "標題層級依序往下一層（h1→h2→h3），不可跳級。", "Do not skip heading levels (h1→h2→h3)."),
    _axe("image-redundant-alt", "2.4.4", "A", "HM1240400C",
         "圖片 alt 不要重複旁邊鏈結或按鈕的文字；裝飾用圖改 alt=\"\"。",
         "Do not repeat the adjacent link/button text in the image alt.", severity="moderate"),
    _axe("landmark-banner-is-top-level", "1.3.1", "A", _SEMANTICS,
         "banner 地標（<header>）不可放在其他地標內。", "Keep the banner landmark at the top level.",
         severity="moderate"),
    _axe("landmark-contentinfo-is-top-level", "1.3.1", "A", _SEMANTICS,
         "contentinfo 地標（<footer>）不可放在其他地標內。", "Keep the contentinfo landmark at the top level.",
         severity="moderate"),
    _axe("landmark-main-is-top-level", "1.3.1", "A", _SEMANTICS,
         "main 地標不可放在其他地標內。", "Keep the main landmark at the top level.", severity="moderate"),
    _axe("landmark-no-duplicate-banner", "1.3.1", "A", _SEMANTICS,
         "每頁只能有一個 banner 地標。", "Have at most one banner landmark.", severity="moderate"),
    _axe("landmark-no-duplicate-contentinfo", "1.3.1", "A", _SEMANTICS,
         "每頁只能有一個 contentinfo 地標。", "Have at most one contentinfo landmark.", severity="moderate"),
    _axe("landmark-no-duplicate-main", "1.3.1", "A", _SEMANTICS,
         "每頁只能有一個 main 地標。", "Have at most one main landmark.", severity="moderate"),
    _axe("landmark-one-main", "1.3.1", "A", _SEMANTICS,
         "每頁要有一個 <main>。", "Give every page one <main>.", severity="moderate"),
    _axe("landmark-unique", "1.3.1", "A", _SEMANTICS,
         "同類地標（例如多個 <nav>）用不同的 aria-label 區分。",
         "Give landmarks of the same kind distinct labels (e.g. several <nav>).", severity="moderate"),
    _axe("meta-viewport-large", "1.4.4", "AA", "GN2140400E",
         "viewport 允許放大到至少 5 倍。", "Allow zooming to at least 500 %.", severity="minor"),
    _axe("page-has-heading-one", "1.3.1", "A", "HM1130100C",
         "每頁要有一個 <h1>。", "Give every page an <h1>.", severity="moderate"),
    _axe("presentation-role-conflict", "4.1.2", "A", _NAME_ROLE,
         "role=presentation/none 的元素不可有全域 ARIA 屬性或可聚焦。",
         "Presentational elements must not be focusable or carry global ARIA.", severity="minor"),
    _axe("region", "1.3.1", "A", _SEMANTICS,
         "所有內容（含導盲磚）都要放在地標內（header/nav/main/footer）。",
         "Put all content, including the ::: anchors, inside landmarks.", severity="moderate"),
    _axe("scope-attr-valid", "1.3.1", "A", "HM1130101C",
         "scope 只用在 <th>，值為 row/col/rowgroup/colgroup。", "Use scope only on <th>, with a valid value."),
    _axe("skip-link", "2.4.1", "A", "GN1240100E",
         "跳到主要內容鏈結的目標 id 必須存在。", "Make the skip link's target exist."),
    _axe("tabindex", "2.4.3", "A", "GN1240300E",
         "不要使用大於 0 的 tabindex。", "Do not use tabindex greater than 0.", severity="moderate"),
    _axe("table-duplicate-name", "1.3.1", "A", "HM1130109E",
         "<caption> 與 summary 不要寫成相同文字。", "Do not repeat the caption in summary.", severity="minor"),
)

# --------------------------------------------------------------------------------------------------------
# Custom checks (what axe lacks: Freego C codes and Taiwan reviewer conventions)
# --------------------------------------------------------------------------------------------------------

CUSTOM_CHECKS: tuple[CheckInfo, ...] = (
    _custom("img-alt-attribute", "1.1.1", "A", "HM1110100C",
            "圖片缺少 alt 屬性", "Image without an alt attribute",
            "每個 <img> 都要有 alt 屬性（Freego 不接受只用 title/aria-label）；裝飾圖用 alt=\"\"。",
            "Give every <img> an alt attribute (Freego does not accept title/aria-label alone); "
            "use alt=\"\" for decoration."),
    _custom("img-empty-alt-title", "1.1.1", "A", "HM1110106C",
            "alt 為空字串的圖片帶有 title", "Image with alt=\"\" also has a title",
            "裝飾圖（alt=\"\"）不可有 title 屬性：移除 title，或若圖片有意義就改寫 alt。",
            "A decorative image (alt=\"\") must not have a title: remove the title, or write a real alt."),
    _custom("th-scope", "1.3.1", "A", "HM1130101C",
            "表頭儲存格缺少 scope", "Header cell without scope",
            "每個 <th> 加上 scope=\"col\"（欄標題）或 scope=\"row\"（列標題）；複雜表格用 id/headers。",
            "Add scope=\"col\" or scope=\"row\" to every <th> (use id/headers for complex tables)."),
    _custom("form-control-label", "1.3.1", "A", "HM1130104C",
            "表單控制項沒有 <label> 或 title", "Form control without <label> or title",
            "為每個可見的 input/select/textarea 加上有文字的 <label for=\"id\">，或非空白的 title 屬性"
            "（placeholder、aria-label 不足以通過 115.11 條文）。",
            "Give every visible input/select/textarea a <label for> with text or a non-empty title "
            "(placeholder or aria-label alone does not satisfy the 115.11 text)."),
    _custom("fieldset-legend", "1.3.1", "A", "HM1130105C", "欄位組缺少 legend 或未分組",
            "Fieldset without a leading legend, or ungrouped choices",
            "<fieldset> 的第一個子元素必須是有文字的 <legend>；同名的 radio/checkbox 群組要放在 <fieldset> 內。",
            "Make a <legend> with text the first child of every <fieldset>; group same-name radios/checkboxes in "
            "a <fieldset>.",
            code_110="HM1130103C"),
    _custom("iframe-title", "4.1.2", "A", "HM1410201C",
            "iframe 缺少 title 屬性", "iframe without a title attribute",
            "為每個 <iframe>/<frame> 加上描述內容的 title 屬性（Freego 不接受只用 aria-label）。",
            "Give every <iframe>/<frame> a descriptive title attribute (aria-label alone is not accepted)."),
    _custom("nav-not-empty", "2.4.1", "A", "HM1240102C",
            "空的導覽區塊", "Empty navigation block",
            "<nav> 只用來包住一組鏈結；沒有鏈結時不要輸出 <nav>（例如沒有目錄的頁面）。",
            "Use <nav> only around a group of links; do not output an empty <nav> (e.g. a page with no TOC)."),
    _custom("lang-redundant", "3.1.2", "AA", "HM2310200C",
            "局部語言標示錯誤", "Misused lang on part of the page",
            "只在真的換語言的片段加 lang，值不可為空，也不可與 <html lang> 相同（請移除該 lang）。",
            "Put lang only on passages in another language; it must not be empty nor repeat <html lang>."),
    _custom("office-download", "3.2.2", "A", "ME1320200C",
            "下載檔案非開放格式", "Download in a proprietary office format",
            "同時提供 ODF（.odt/.ods/.odp）或 PDF 版本，連結放在同一頁（檔名相同或同一列）。",
            "Also offer the file as ODF (.odt/.ods/.odp) or PDF, linked on the same page (same name or same item)."),
    _custom("font-size-relative", "1.4.4", "AA", "CS2140401C",
            "字型大小使用絕對單位", "Font size in absolute units",
            "font-size（含 font 簡寫、style 屬性與 <style>）改用 rem、em、% 或具名大小，不用 px/pt。",
            "Use rem, em, % or keywords for font-size (also in font shorthands, style attributes and <style>), "
            "never px/pt."),
    _custom("skip-link-focus", "2.4.1", "A", "GN1240100E",
            "第一個 Tab 沒有到「跳到主要內容」", "First Tab does not reach a working skip link",
            "頁面第一個可聚焦元素放「跳到主要內容」鏈結（英文頁 \"Skip to main content\"），聚焦時可見，"
            "目標為 <main>（或其內元素）並加 tabindex=\"-1\" 讓焦點移入。",
            "Make the first focusable element a visible-on-focus \"Skip to main content\" link whose target is "
            "<main> (or inside it) with tabindex=\"-1\" so focus moves there."),
    _custom("access-key-anchors", "2.4.1", "A", "GN1240102E",
            "導盲磚（::: 定位點）不完整", "Missing ::: accesskey anchors (導盲磚)",
            "每頁放 ::: 定位點：上方區塊 accesskey=\"U\"、中央內容 accesskey=\"C\"（在 <main> 內）、"
            "下方頁尾 accesskey=\"Z\"，各有 title 並連到存在的 id；有搜尋框時搜尋欄位加 accesskey=\"S\"。",
            "Put ::: anchors on every page: U (top), C (inside <main>), Z (footer), each with a title and an "
            "existing target; add accesskey=\"S\" to the search field when there is one.",
            severity="moderate"),
    _custom("new-window-notice", "3.2.2", "A", "GN1320200E",
            "另開新視窗未告知", "New window not announced",
            "target=\"_blank\" 的鏈結在文字或 title 加上「（另開新視窗）」（英文頁 \"opens in a new window\"）。",
            "Say \"opens in a new window\" (「另開新視窗」) in the text or title of every target=\"_blank\" link.",
            severity="moderate"),
    _custom("reflow", "1.4.10", "AA", "GN2141009E",
            "320 CSS px 寬度下需要水平捲動", "Horizontal scrolling at 320 CSS px",
            "以 media query/flex/grid 讓版面在 320px 寬度重排；長網址用 overflow-wrap:anywhere，"
            "表格與程式碼放在可捲動的容器內。",
            "Let the layout reflow at 320 px (media queries, flex, grid); wrap long URLs "
            "(overflow-wrap:anywhere) and put wide tables/code in their own scroll containers.",
            code_110=None),
    _custom("focus-visible", "2.4.7", "AA", "FA2240701E",
            "取得焦點時沒有可見的焦點指示", "No visible focus indicator",
            "不要移除 outline；為 :focus-visible 設定明顯的 outline（例如 2px 以上實線）或其他可見變化。",
            "Do not remove the outline; give :focus-visible a clear outline (e.g. 2px solid) or another "
            "visible change.",
            code_110="FA2141104E"),
    _custom("focus-not-obscured", "2.4.11", "AA", "FA2241100E",
            "焦點元素被固定頁首/頁尾完全遮住", "Focused element hidden by a sticky header/footer",
            "設定 html { scroll-padding-top: 頁首高度 }（頁尾用 scroll-padding-bottom），"
            "或在小螢幕取消固定頁首。",
            "Set html { scroll-padding-top: <header height> } (scroll-padding-bottom for footers) or unstick "
            "the header on small screens.",
            code_110=None),
    _custom("text-spacing", "1.4.12", "AA", "FA2141205E",
            "調整文字間距後內容被截斷", "Text clipped after text-spacing override",
            "含文字的容器不要固定高度/寬度又設 overflow:hidden；改用 min-height 或以 em 為單位並允許換行。",
            "Do not combine fixed heights/widths with overflow:hidden on text containers; use min-height or em "
            "sizes and allow wrapping."),
    # Downloads. No Taiwanese code requires accessible PDF/ODT; the national ODF policy asks for PDFs with a
    # text layer and these properties are what a screen reader needs, so they are reported under WCAG only.
    _custom("pdf-tagged", "1.3.1", "A", None, "PDF 未標記結構", "PDF is not tagged",
            "匯出 PDF 時選擇「標記 PDF」或 PDF/UA（LibreOffice：匯出為 PDF →「標記 PDF」），使其有 StructTreeRoot 與 "
            "MarkInfo/Marked。",
            "Export a tagged PDF or PDF/UA (LibreOffice: Export as PDF → \"Tagged PDF\") so it has a StructTreeRoot and "
            "MarkInfo/Marked.", code_110=None),
    _custom("pdf-lang", "3.1.1", "A", None, "PDF 未設定語言", "PDF has no /Lang",
            "在 PDF 文件目錄設定 /Lang（例如 zh-TW）；多數工具取自文件語言設定。",
            "Set /Lang in the PDF catalog (e.g. zh-TW); most tools take it from the document's language setting.", code_110=None),
    _custom("pdf-title", "2.4.2", "A", None, "PDF 沒有標題", "PDF has no title",
            "設定文件標題（Info /Title 或 XMP dc:title），並設 DisplayDocTitle。",
            "Set the document title (Info /Title or XMP dc:title) and DisplayDocTitle.", code_110=None,
            severity="moderate"),
    _custom("pdf-text", "1.4.5", "AA", None, "PDF 沒有可擷取的文字", "PDF has no extractable text",
            "提供有文字層的 PDF，不要上傳掃描影像檔。", "Publish PDFs with a text layer, not scanned images.",
            code_110=None),
    _custom("odt-language", "3.1.1", "A", None, "ODT 未設定語言", "ODT has no dc:language",
            "在 meta.xml 設定 dc:language（例如 zh-TW）。", "Set dc:language in meta.xml (e.g. zh-TW).",
            code_110=None),
    _custom("odt-title", "2.4.2", "A", None, "ODT 沒有標題", "ODT has no dc:title",
            "在 meta.xml 設定 dc:title。", "Set dc:title in meta.xml.", code_110=None, severity="moderate"),
    _custom("odt-headings", "1.3.1", "A", None, "ODT 沒有標題結構", "ODT has no headings",
            "以「標題 1、標題 2…」樣式（text:h）標出章節，不要只用粗體。",
            "Mark sections with heading styles (text:h), not just bold text.", code_110=None),
    _custom("document-readable", "", "A", None, "下載檔案無法讀取", "Download missing or unreadable",
            "修正連結或重新產生檔案。", "Fix the link or regenerate the file.", code_110=None),
)

# --------------------------------------------------------------------------------------------------------
# Lookup
# --------------------------------------------------------------------------------------------------------

ALL_CHECKS: dict[str, CheckInfo] = {}
for _info in (*AXE_WCAG_RULES, *AXE_BEST_PRACTICE_RULES, *CUSTOM_CHECKS):
    if _info.id in ALL_CHECKS:
        raise ValueError(f"Duplicate check id '{_info.id}' in the code table")
    ALL_CHECKS[_info.id] = _info

AXE_RULE_IDS: frozenset[str] = frozenset(i.id for i in (*AXE_WCAG_RULES, *AXE_BEST_PRACTICE_RULES))
BEST_PRACTICE_RULE_IDS: tuple[str, ...] = tuple(i.id for i in AXE_BEST_PRACTICE_RULES)


def info(check: str) -> CheckInfo:
    """The table row of a check; an axe rule missing from the table still gets a usable generic row."""
    found = ALL_CHECKS.get(check)
    if found is not None:
        return found
    # A new axe release may add rules before this table learns about them; report them, keep the audit useful.
    return _axe(check, "", "A", None, "見 axe 說明。", "See the axe help text.")


def severity_of(check: str, impact: str | None) -> Severity:
    """axe's impact wins for axe findings; custom checks use the table."""
    if impact in ("critical", "serious", "moderate", "minor"):
        return impact  # type: ignore[return-value]
    return info(check).severity


def display_code(code: str | None) -> str:
    """A code for printing; checks without a Taiwan code show a dash."""
    return code or "—"
