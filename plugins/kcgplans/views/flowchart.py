"""An SOP's steps drawn as a vertical flowchart: inline SVG with real, selectable <text> (no images, no web fonts).

The chart is generated from the same step data as the ordered list it accompanies; that list is its text
alternative (role="img", aria-labelledby its <title>, aria-describedby the list). Long lines are wrapped here,
since SVG text does not wrap: Chinese may break between any two characters (but not before closing
punctuation), other scripts at spaces.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
MARGIN = 16
BOX_X = MARGIN
BOX_W = WIDTH - 2 * MARGIN
NUM_R = 16                  # radius of the step-number circle
TEXT_X = BOX_X + 12 + 2 * NUM_R + 12
TEXT_W = BOX_X + BOX_W - 14 - TEXT_X
FONT = 16                   # px, main text
META_FONT = 14              # px, actor and time limit
LINE = 24                   # px between main-text baselines
META_LINE = 20
PAD = 12
GAP = 36                    # vertical space for the arrow between boxes
FONT_FAMILY = ("system-ui, -apple-system, 'Noto Sans CJK TC', 'Noto Sans TC', 'PingFang TC', "
               "'Microsoft JhengHei', sans-serif")
STROKE = "#283593"
TEXT_FILL = "#1a1a1a"
META_FILL = "#37474f"

NO_LINE_START = set("，。、；：！？）」』》〉】〕,.;:!?)]}%…—")
NO_LINE_END = set("（「『《〈【〔([{")


@dataclass(frozen=True)
class FlowStep:
    text: str                 # what happens
    meta: str = ""            # who acts · time limit (already in the page language)
    lang: str | None = None   # BCP 47 tag when the text is not in the page language
    meta_lang: str | None = None


def char_width(ch: str) -> float:
    """Estimated advance of one character, in em."""
    if ch == " ":
        return 0.3
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper() or ch.isdigit():
        return 0.62
    if ch in "il.,;:'|!":
        return 0.3
    return 0.55


def text_width(text: str, size: float) -> float:
    return sum(char_width(c) for c in text) * size


def _tokens(text: str) -> list[str]:
    """Break opportunities: each wide character alone; runs of other characters up to and including a space."""
    tokens: list[str] = []
    run = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            if run:
                tokens.append(run)
                run = ""
            tokens.append(ch)
        else:
            run += ch
            if ch == " ":
                tokens.append(run)
                run = ""
    if run:
        tokens.append(run)
    return tokens


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of ``text`` that fit ``width`` px at ``size`` px (a single over-long word is split)."""
    lines: list[str] = []
    for paragraph in " ".join(text.split()).split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if line and text_width((line + token).rstrip(), size) > width:
                if token[0] in NO_LINE_START:          # keep closing punctuation on the line it closes
                    line += token
                    continue
                carry = ""
                while line and line[-1] in NO_LINE_END:  # keep opening punctuation with what it opens
                    carry = line[-1] + carry
                    line = line[:-1]
                if line.strip():
                    lines.append(line.rstrip())
                line = carry
            while text_width(line + token, size) > width and len(token) > 1 and not line:
                # one word longer than the line: split it where it overflows
                cut = max(1, next(i for i in range(1, len(token) + 1) if text_width(token[:i], size) > width) - 1)
                lines.append(token[:cut])
                token = token[cut:]
            line += token
        if line.strip():
            lines.append(line.rstrip())
    return lines or [""]


def _lang(tag: str | None) -> str:
    return f' lang="{escape(tag)}"' if tag else ""


def flowchart(steps: list[FlowStep], *, svg_id: str, title: str, describedby: str,
              title_lang: str | None = None) -> Markup:
    """The flowchart as inline SVG markup."""
    parts: list[str] = []
    y = MARGIN
    for number, step in enumerate(steps, start=1):
        lines = wrap(step.text, TEXT_W, FONT)
        meta = wrap(step.meta, TEXT_W, META_FONT) if step.meta else []
        height = PAD * 2 + len(lines) * LINE + (len(meta) * META_LINE + 4 if meta else 0)
        height = max(height, 2 * NUM_R + 2 * PAD)
        cy = y + height / 2
        parts.append(f'<g class="kcg-flow__step" data-step="{number}">')
        parts.append(f'<rect x="{BOX_X}" y="{y}" width="{BOX_W}" height="{height}" rx="8" ry="8" '
                     f'fill="#ffffff" stroke="{STROKE}" stroke-width="2"/>')
        parts.append(f'<circle cx="{BOX_X + 12 + NUM_R}" cy="{cy:g}" r="{NUM_R}" fill="{STROKE}"/>')
        parts.append(f'<text class="kcg-flow__num" x="{BOX_X + 12 + NUM_R}" y="{cy + 5.5:g}" text-anchor="middle" '
                     f'font-size="{FONT}" font-weight="bold" fill="#ffffff">{number}</text>')
        baseline = y + PAD + FONT
        spans = "".join(
            f'<tspan x="{TEXT_X}" y="{baseline + i * LINE:g}">{escape(line)}</tspan>' for i, line in enumerate(lines))
        parts.append(f'<text class="kcg-flow__text" font-size="{FONT}" fill="{TEXT_FILL}"{_lang(step.lang)}>{spans}</text>')
        if meta:
            top = baseline + (len(lines) - 1) * LINE + 4 + META_LINE
            spans = "".join(f'<tspan x="{TEXT_X}" y="{top + i * META_LINE:g}">{escape(line)}</tspan>'
                            for i, line in enumerate(meta))
            parts.append(f'<text class="kcg-flow__meta" font-size="{META_FONT}" fill="{META_FILL}"'
                         f'{_lang(step.meta_lang)}>{spans}</text>')
        parts.append("</g>")
        y += height
        if number < len(steps):
            x = WIDTH / 2
            parts.append(f'<g class="kcg-flow__arrow"><line x1="{x:g}" y1="{y}" x2="{x:g}" y2="{y + GAP - 9}" '
                         f'stroke="{STROKE}" stroke-width="2"/>'
                         f'<polygon points="{x - 7:g},{y + GAP - 11} {x + 7:g},{y + GAP - 11} {x:g},{y + GAP - 1}" '
                         f'fill="{STROKE}"/></g>')
            y += GAP
    total = y + MARGIN
    title_id = f"{svg_id}-title"
    head = (f'<svg id="{escape(svg_id)}" class="kcg-flowchart" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{title_id}" aria-describedby="{escape(describedby)}" '
            f'viewBox="0 0 {WIDTH} {total:g}" width="{WIDTH}" height="{total:g}" '
            f'style="max-width:100%;height:auto" font-family="{FONT_FAMILY}">'
            f'<title id="{title_id}"{_lang(title_lang)}>{escape(title)}</title>'
            f'<rect x="0" y="0" width="{WIDTH}" height="{total:g}" fill="#ffffff"/>')
    return Markup(head + "".join(parts) + "</svg>")
