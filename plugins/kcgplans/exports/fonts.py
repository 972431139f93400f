"""The PDF's font: Debian's Noto Sans CJK TC, subset per document with HarfBuzz before WeasyPrint sees it.

WeasyPrint subsets the fonts it embeds but keeps their glyph numbering (HarfBuzz's RETAIN_GIDS), so a PDF that
uses a few hundred of Noto CJK's 65,535 glyphs still carries an empty slot for every glyph up to the highest one
used: ~250 KB of nothing in every file, and a 19 MB font to load and subset per document. Giving WeasyPrint a font
that holds only the document's own characters, renumbered (what ``subset`` makes), removes both. The font is made
per document from the document's characters alone, so a PDF depends only on its own content (an edit to one plan
never changes another plan's PDF).

The source font is found with fontconfig, as WeasyPrint itself would find it, and read from the system (the
fonts-noto-cjk package); nothing is downloaded. HarfBuzz and fontconfig are the libraries WeasyPrint (through
Pango) already loads; they are called through cffi, which WeasyPrint also depends on.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import cffi

FAMILY = "Noto Sans CJK TC"
WEIGHTS = {400: "regular", 700: "bold"}  # the two weights fonts-noto-cjk installs (CSS weight → fontconfig name)
PACKAGE = "fonts-noto-cjk"
# Tables a horizontal PDF never reads: vertical metrics (WeasyPrint would embed them for every glyph kept).
_DROP_TABLES = ("vhea", "vmtx", "VORG")

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

typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
const char *hb_version_string(void);
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
unsigned int hb_face_get_glyph_count(const hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
hb_tag_t hb_tag_from_string(const char *str, int len);
void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
_FC_MATCH_PATTERN = 0
_FC_WEIGHT = {400: 80, 700: 200}  # FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD
_HB_SUBSET_SETS_DROP_TABLE_TAG = 3
_HB_SUBSET_FLAGS = 0x01 | 0x40  # NO_HINTING (WeasyPrint drops hints anyway) | NOTDEF_OUTLINE


class FontError(RuntimeError):
    """The font cannot be found or subset; the message says what to install or what failed."""


_ffi = cffi.FFI()
_ffi.cdef(_CDEF)


@cache
def _libs():
    try:
        return (_ffi.dlopen("libfontconfig.so.1"), _ffi.dlopen("libharfbuzz.so.0"),
                _ffi.dlopen("libharfbuzz-subset.so.0"))
    except OSError as exc:
        raise FontError(f"cannot load fontconfig/HarfBuzz ({exc}); they come with WeasyPrint's Pango "
                        f"(apt-get install libpango-1.0-0 libharfbuzz-subset0)") from exc


def harfbuzz_version() -> str:
    return _ffi.string(_libs()[1].hb_version_string()).decode()


@cache
def source_font(weight: int) -> tuple[Path, int]:
    """(file, index in the collection) of Noto Sans CJK TC at this CSS weight, as fontconfig resolves it."""
    if weight not in WEIGHTS:
        raise ValueError(f"no {FAMILY} weight {weight}; available: {sorted(WEIGHTS)}")
    fc = _libs()[0]
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
    """What the subset fonts are made from: each source font's bytes and index, and HarfBuzz's version. Part of the
    documents' cache key, so an updated font package or HarfBuzz regenerates the PDFs."""
    digest = hashlib.sha256(f"harfbuzz {harfbuzz_version()}\n".encode())
    for weight in sorted(WEIGHTS):
        path, index = source_font(weight)
        digest.update(f"{weight} {index}\n".encode())
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


@cache
def _face(weight: int):
    """The HarfBuzz face of a source font, loaded (memory-mapped) once per process."""
    _, hb, _ = _libs()
    path, index = source_font(weight)
    blob = hb.hb_blob_create_from_file_or_fail(str(path).encode())
    if blob == _ffi.NULL:
        raise FontError(f"cannot read {path}")
    face = hb.hb_face_create(blob, index)
    hb.hb_blob_destroy(blob)  # the face keeps its own reference
    if hb.hb_face_get_glyph_count(face) == 0:
        hb.hb_face_destroy(face)
        raise FontError(f"{path} (index {index}) holds no glyphs")
    return face


def subset(weight: int, chars: Iterable[str]) -> bytes:
    """An OpenType font with only the glyphs these characters need (their layout substitutions included),
    numbered from 1. Characters the source font lacks are left out: the PDF's CSS falls back to other fonts."""
    _, hb, hbs = _libs()
    face = _face(weight)
    source = hbs.hb_subset_input_create_or_fail()
    if source == _ffi.NULL:
        raise FontError("HarfBuzz could not allocate a subset input")
    try:
        unicodes = hbs.hb_subset_input_unicode_set(source)
        for code in sorted({ord(c) for c in chars}):
            hb.hb_set_add(unicodes, code)
        drop = hbs.hb_subset_input_set(source, _HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in _DROP_TABLES:
            hb.hb_set_add(drop, hb.hb_tag_from_string(tag.encode(), -1))
        hbs.hb_subset_input_set_flags(source, _HB_SUBSET_FLAGS)
        result = hbs.hb_subset_or_fail(face, source)
    finally:
        hbs.hb_subset_input_destroy(source)
    if result == _ffi.NULL:
        raise FontError(f"HarfBuzz could not subset {FAMILY} ({WEIGHTS[weight]})")
    try:
        blob = hb.hb_face_reference_blob(result)
        length = _ffi.new("unsigned int *")
        data = bytes(_ffi.buffer(hb.hb_blob_get_data(blob, length), length[0]))
        hb.hb_blob_destroy(blob)
    finally:
        hb.hb_face_destroy(result)
    if not data:
        raise FontError(f"HarfBuzz returned an empty subset of {FAMILY} ({WEIGHTS[weight]})")
    return data
