"""Interface strings. Chinese is the source language (the msgids); English comes from a gettext catalog.

Babel reads the .po file directly, so translators edit a standard catalog (Poedit, Weblate…) and no compiled
.mo file has to be kept in step with it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent / "locales"


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    if lang == "zh":
        return {}
    # Every catalog in the folder (messages.po, services.po …), messages.po last so it wins a clash
    table: dict[str, str] = {}
    folder = LOCALES / lang / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po"), key=lambda p: (p.name == "messages.po", p.name)):
        with path.open("rb") as fh:
            po = read_po(fh)
        table.update({m.id: m.string for m in po if m.id and isinstance(m.id, str) and m.string})
    return table


def gettext(lang: str):
    table = catalog(lang)

    def _(message: str, **values) -> str:
        text = table.get(message, message)
        return text % values if values else text

    return _


def missing(lang: str, messages: list[str]) -> list[str]:
    """Messages with no translation in ``lang``: the translation report lists them."""
    table = catalog(lang)
    return [m for m in messages if m not in table]
