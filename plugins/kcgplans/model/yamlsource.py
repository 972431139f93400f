"""Read YAML into plain data while remembering where every value stands, so errors can name line and column.

PyYAML's ``safe_load`` throws positions away and silently keeps the last of two equal keys; editors need both
(a duplicated key is a common copy-and-paste mistake), so we compose the node tree and build the data ourselves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError

Path_ = tuple  # a field path: ("content", "areas", 0, "title")


@dataclass
class YamlDocument:
    """A parsed file's data, and where each value stands in it (for error messages only).

    The positions are found when first asked for, by reading the file again: recording the place of every node
    of every file cost ~2 s of a 1,000-plan build, and only a file with an error or an untranslated text needs
    them. The file is read again within the same run (or, in mkdocs serve, while its size and mtime are the ones
    it was parsed with: model.repository.ParseCache).
    """
    file: Path
    data: object
    _positions: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False)
    _key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)

    def _index(self) -> dict[Path_, tuple[int, int]]:
        if self._positions is None:
            self._positions = {}
            try:
                node = yaml.compose(self.file.read_text(encoding="utf-8"), Loader=_Composer)
            except (OSError, ValueError, yaml.YAMLError):  # gone or changed since: every path falls back to 1:1
                node = None
            if node is not None:
                _record_positions(node, (), self._positions, self._key_positions)
        return self._positions

    def position(self, path: Path_) -> tuple[int, int]:
        """The closest known position for a field path (its value, else its key, else its parent)."""
        positions, path = self._index(), tuple(path)
        while True:
            if path in positions:
                return positions[path]
            if path in self._key_positions:
                return self._key_positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def key_position(self, path: Path_) -> tuple[int, int]:
        self._index()
        return self._key_positions.get(tuple(path)) or self.position(path)


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(file: Path) -> tuple[YamlDocument | None, list[ContentError]]:
    """Parse one YAML file; on failure return the parser's complaint as a ContentError."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [ContentError(file, 0, 0, "", "non-UTF-8 bytes",
                                   f"檔案不是 UTF-8 編碼（第 {exc.start} 位元組）。請以 UTF-8 另存。",
                                   f"The file is not UTF-8 (byte {exc.start}). Save it as UTF-8.")]
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        col = len(text[: text.index("\t")].rsplit("\n", 1)[-1]) + 1
        return None, [ContentError(file, line, col, "", "Tab 字元 (tab character)",
                                   "YAML 不可用 Tab 縮排。請改用兩個空白。",
                                   "YAML cannot be indented with tabs. Use two spaces instead.")]
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = f"{exc.context or ''} {exc.problem or ''}".strip()
        return None, [ContentError(file, line, col, "", problem,
                                   "YAML 格式錯誤，無法讀取。常見原因：縮排不一致、冒號後少了空白、"
                                   "文字含「: 」或以特殊符號開頭卻沒加引號。請檢查此行及上一行，必要時以雙引號包住文字。",
                                   "The YAML cannot be read. Usual causes: uneven indentation, no space after a "
                                   "colon, or text containing ': ' or starting with a special character without "
                                   "quotes. Check this line and the one above; wrap the text in double quotes.")]
    doc = YamlDocument(file, None)
    errors: list[ContentError] = []
    doc.data = _build(node, (), doc, errors) if node is not None else None
    return doc, errors


def _build(node: yaml.Node, path: Path_, doc: YamlDocument, errors: list[ContentError]) -> object:
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)  # scalars only in our formats
            key = key if isinstance(key, (str, int)) else str(key)
            if key in result:
                here = path + (key,)
                errors.append(ContentError(
                    doc.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    format_path(here), f"{key}（第二次出現 second time）",
                    f"同一層出現兩次「{key}」。請刪除或合併其中一個。",
                    f"'{key}' appears twice at the same level. Delete or merge one of them."))
            result[key] = _build(value_node, path + (key,), doc, errors)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, path + (i,), doc, errors) for i, child in enumerate(node.value)]
    return _scalar(node)


def _record_positions(node: yaml.Node, path: Path_, positions: dict, key_positions: dict) -> None:
    """Record where each value (and each mapping key) of the tree stands, as _build names their paths."""
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            here = path + (key if isinstance(key, (str, int)) else str(key),)
            key_positions[here] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _record_positions(value_node, here, positions, key_positions)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _record_positions(child, path + (i,), positions, key_positions)


_STR = "tag:yaml.org,2002:str"


class _Composer(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser when PyYAML was built with it (the pure-Python one is ~10x slower on a 1,000-plan corpus),
    with a shortcut for the commonest question it asks: the type of a plain text scalar. A plan has ~1,000
    scalars, nearly all text; PyYAML's resolver tries the implicit types' patterns for each in Python."""

    # First characters for which a plain scalar may be something other than text (null, bool, int, float, …)
    _MAY_BE_TYPED = frozenset(yaml.SafeLoader.yaml_implicit_resolvers)

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and (not implicit[0] or (value and value[0] not in self._MAY_BE_TYPED)):
            return _STR
        return super().resolve(kind, value, implicit)


# The shortcut assumes what SafeLoader has: no resolver for every first character (key None), none by path
assert None not in yaml.SafeLoader.yaml_implicit_resolvers and not yaml.SafeLoader.yaml_path_resolvers
_CONSTRUCTOR = yaml.SafeLoader("")


def _scalar(node: yaml.Node) -> object:
    """A scalar as YAML 1.1 types it, except dates, which stay text (the schema checks their form)."""
    if node.tag == _STR:  # nearly every scalar: the constructor would return the same string
        return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    value = _CONSTRUCTOR.construct_object(node)
    _CONSTRUCTOR.constructed_objects.pop(node, None)  # one reused constructor must not keep every node alive
    return value
