"""The audit's own checks: what axe-core lacks for Taiwan's 網站無障礙規範 (see ``codes.CUSTOM_CHECKS``).

Markup checks (``MARKUP_CHECKS``) read the live DOM as serialised by the browser; browser checks drive the
page (keyboard, viewport, injected CSS); document checks open the downloads themselves.
"""
from __future__ import annotations

from collections.abc import Callable

from ..model import Finding
from . import downloads, fonts, forms, frames, images, language, navigation, tables
from .dom import PageDoc

MarkupCheck = Callable[[PageDoc], list[Finding]]

MARKUP_CHECKS: tuple[MarkupCheck, ...] = (
    images.check_alt_attribute,
    images.check_empty_alt_title,
    tables.check_th_scope,
    forms.check_labels,
    forms.check_fieldsets,
    frames.check_iframe_title,
    navigation.check_empty_nav,
    navigation.check_access_key_anchors,
    navigation.check_new_window,
    language.check_lang,
    downloads.check_office_downloads,
    fonts.check_font_sizes,
)

__all__ = ["MARKUP_CHECKS", "MarkupCheck", "PageDoc"]
