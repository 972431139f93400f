"""The PDF's font: Debian's Noto Sans CJK TC, found with fontconfig.

Typst (pdf.py) embeds the font subset to the glyphs a document uses. This module says which installed files hold
the family in its two weights, as fontconfig resolves them (the fonts-noto-cjk package); nothing is downloaded.
fontconfig is called through cffi.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import cffi

FAMILY = "Noto Sans CJK TC"
WEIGHTS = {400: "regular", 700: "bold"}  # the two weights fonts-noto-cjk installs (CSS weight → fontconfig name)
PACKAGE = "fonts-noto-cjk"

_CDEF = """
typedef struct _FcConfig FcConfig;
typedef struct _FcPattern FcPattern;
typedef int FcBool;
typedef enum { FcResultMatch, FcResultNoMatch, FcResultTypeMismatch, FcResultNoId, FcResultOutOfMemory } FcResult;
FcConfig *FcInitLoadConfigAndFonts(void);
void FcConfigDestroy(FcConfig *config);
FcPattern *FcNameParse(const unsigned char *name);
FcBool FcConfigSubstitute(FcConfig *config, FcPattern *p, int kind);
void FcDefaultSubstitute(FcPattern *pattern);
FcPattern *FcFontMatch(FcConfig *config, FcPattern *p, FcResult *result);
FcResult FcPatternGetString(const FcPattern *p, const char *object, int n, unsigned char **s);
FcResult FcPatternGetInteger(const FcPattern *p, const char *object, int n, int *i);
void FcPatternDestroy(FcPattern *p);
"""
_FC_MATCH_PATTERN = 0
_FC_WEIGHT = {400: 80, 700: 200}  # FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD


class FontError(RuntimeError):
    """The font cannot be found or used; the message says what to install or what failed."""


_ffi = cffi.FFI()
_ffi.cdef(_CDEF)


@cache
def _fontconfig():
    try:
        return _ffi.dlopen("libfontconfig.so.1")
    except OSError as exc:
        raise FontError(f"cannot load fontconfig ({exc}); apt-get install fontconfig {PACKAGE}") from exc


@cache
def source_font(weight: int) -> tuple[Path, int]:
    """(file, index in the collection) of Noto Sans CJK TC at this CSS weight, as fontconfig resolves it."""
    if weight not in WEIGHTS:
        raise ValueError(f"no {FAMILY} weight {weight}; available: {sorted(WEIGHTS)}")
    fc = _fontconfig()
    config = fc.FcInitLoadConfigAndFonts()
    pattern = fc.FcNameParse(f"{FAMILY}:weight={_FC_WEIGHT[weight]}".encode())
    try:
        fc.FcConfigSubstitute(config, pattern, _FC_MATCH_PATTERN)
        fc.FcDefaultSubstitute(pattern)
        result = _ffi.new("FcResult *")
        match = fc.FcFontMatch(config, pattern, result)
        if match == _ffi.NULL:
            raise FontError(f"fontconfig found no font at all; install {PACKAGE}")
        try:
            families, value = [], _ffi.new("unsigned char **")
            while fc.FcPatternGetString(match, b"family", len(families), value) == 0:
                families.append(_ffi.string(value[0]).decode())
            number = _ffi.new("int *")
            found_weight = number[0] if fc.FcPatternGetInteger(match, b"weight", 0, number) == 0 else None
            index = number[0] & 0xFFFF if fc.FcPatternGetInteger(match, b"index", 0, number) == 0 else 0
            path = (_ffi.string(value[0]).decode()
                    if fc.FcPatternGetString(match, b"file", 0, value) == 0 else None)
        finally:
            fc.FcPatternDestroy(match)
    finally:
        fc.FcPatternDestroy(pattern)
        fc.FcConfigDestroy(config)
    if FAMILY not in families or found_weight != _FC_WEIGHT[weight] or not path:
        raise FontError(f"{FAMILY} ({WEIGHTS[weight]}) is not installed: fontconfig offers {families or 'nothing'} "
                        f"instead; apt-get install {PACKAGE}")
    return Path(path), index


@cache
def identity() -> str:
    """The PDF's fonts: each source font's bytes and index. Part of the documents' cache key, so an updated font
    package regenerates the PDFs."""
    digest = hashlib.sha256()
    for weight in sorted(WEIGHTS):
        path, index = source_font(weight)
        digest.update(f"{weight} {index}\n".encode())
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()
