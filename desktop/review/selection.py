"""`--where`: a small expression over a document's id, title and meta, parsed, never evaluated.

    expression := term ("or" term)*
    term       := factor ("and" factor)*
    factor     := "not" factor | "(" expression ")" | comparison
    comparison := field ("=" | "==" | "!=" | "<" | "<=" | ">" | ">=") literal
                | field "in" "(" literal ("," literal)* ")"
    field      := "id" | "title" | "meta" ("." name)+        (names: letters, digits, _ and -)
    literal    := "double-quoted" | 'single-quoted' | number | true | false | null

A meta field the document lacks reads as null. `=` and `!=` compare values as JSON holds
them (1 and "1" differ); `<`, `<=`, `>`, `>=` hold only between two numbers or two strings.
Keywords are case-insensitive. A malformed expression raises `WhereError` naming the
position (1-based character) of the problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Predicate = Callable[[Mapping[str, Any]], bool]

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
    | (?P<op>==|!=|<=|>=|=|<|>|\(|\)|,)
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
_ESCAPE = re.compile(r"\\(.)")


class WhereError(ValueError):
    """A --where expression that cannot be parsed."""


def _tokens(text: str) -> list[tuple[str, Any, int]]:
    """(kind, value, 1-based position) of each token, then ("end", None, position)."""
    out: list[tuple[str, Any, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            at = pos + len(text[pos:]) - len(text[pos:].lstrip()) + 1
            raise WhereError(f"--where: position {at}: unexpected {text[at - 1]!r}")
        kind = match.lastgroup or ""
        raw = match.group(kind)
        at = match.start(kind) + 1
        if kind == "string":
            out.append(("literal", _ESCAPE.sub(r"\1", raw[1:-1]), at))
        elif kind == "number":
            out.append(("literal", float(raw) if any(c in raw for c in ".eE") else int(raw), at))
        elif kind == "word" and raw.lower() in _KEYWORDS:
            word = raw.lower()
            literal = {"true": True, "false": False, "null": None}
            out.append(("literal", literal[word], at) if word in literal else (word, word, at))
        else:
            out.append((kind, raw, at))
        pos = match.end()
    out.append(("end", None, len(text) + 1))
    return out


def _field(name: str, at: int) -> Callable[[Mapping[str, Any]], Any]:
    parts = name.split(".")
    if parts == ["id"] or parts == ["title"]:
        return lambda doc: doc.get(parts[0])
    if parts[0] != "meta" or len(parts) < 2:
        raise WhereError(f"--where: position {at}: unknown field {name!r} (id, title, meta.NAME)")

    def read(doc: Mapping[str, Any]) -> Any:
        value: Any = doc.get("meta") or {}
        for part in parts[1:]:
            if not isinstance(value, Mapping):
                return None
            value = value.get(part)
        return value

    return read


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, bool) or isinstance(y, bool):
        return type(x) is type(y) and x == y
    if isinstance(x, int | float) and isinstance(y, int | float):
        return x == y
    return type(x) is type(y) and x == y


def _ordered(op: str, x: Any, y: Any) -> bool:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y))
    if not numbers and not (isinstance(x, str) and isinstance(y, str)):
        return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> tuple[str, Any, int]:
        return self.tokens[self.at]

    def take(self, kind: str, what: str) -> tuple[str, Any, int]:
        token = self.peek()
        if token[0] != kind:
            found = "the end" if token[0] == "end" else repr(token[1])
            raise WhereError(f"--where: position {token[2]}: expected {what}, found {found}")
        self.at += 1
        return token

    def expression(self) -> Predicate:
        parts = [self.term()]
        while self.peek()[0] == "or":
            self.at += 1
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else lambda doc: any(p(doc) for p in parts)

    def term(self) -> Predicate:
        parts = [self.factor()]
        while self.peek()[0] == "and":
            self.at += 1
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else lambda doc: all(p(doc) for p in parts)

    def factor(self) -> Predicate:
        kind, value, _ = self.peek()
        if kind == "not":
            self.at += 1
            inner = self.factor()
            return lambda doc: not inner(doc)
        if kind == "op" and value == "(":
            self.at += 1
            inner = self.expression()
            self.take_op(")")
            return inner
        return self.comparison()

    def take_op(self, symbol: str) -> None:
        token = self.peek()
        if token[0] != "op" or token[1] != symbol:
            found = "the end" if token[0] == "end" else repr(token[1])
            raise WhereError(f"--where: position {token[2]}: expected {symbol!r}, found {found}")
        self.at += 1

    def comparison(self) -> Predicate:
        _, name, at = self.take("word", "a field such as meta.source")
        read = _field(name, at)
        kind, op, op_at = self.peek()
        if kind == "in":
            self.at += 1
            self.take_op("(")
            values = [self.take("literal", "a value")[1]]
            while self.peek()[:2] == ("op", ","):
                self.at += 1
                values.append(self.take("literal", "a value")[1])
            self.take_op(")")
            return lambda doc: any(_same(read(doc), v) for v in values)
        if kind != "op" or op not in ("=", "==", "!=", "<", "<=", ">", ">="):
            found = "the end" if kind == "end" else repr(op)
            raise WhereError(f"--where: position {op_at}: expected a comparison, found {found}")
        self.at += 1
        literal = self.take("literal", "a value")[1]
        if op in ("=", "=="):
            return lambda doc: _same(read(doc), literal)
        if op == "!=":
            return lambda doc: not _same(read(doc), literal)
        return lambda doc: _ordered(op, read(doc), literal)


def parse_where(text: str) -> Predicate:
    """The predicate of a --where expression over {"id", "title", "meta"} mappings."""
    parser = _Parser(text)
    if parser.peek()[0] == "end":
        raise WhereError("--where: the expression is empty")
    predicate = parser.expression()
    parser.take("end", "the end of the expression")
    return predicate
