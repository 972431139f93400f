"""1.4.10 reflow: at 320 CSS px nothing may need horizontal scrolling (own scroll boxes for tables are fine).

``page_audit`` narrows the viewport, runs ``js/reflow.js`` and restores the desktop viewport.
"""
from __future__ import annotations

REFLOW_WIDTH = 320
REFLOW_HEIGHT = 640
