"""Synthetic corpora for the benchmarks: native Gloss JSONL, deterministic for a seed.

Each line is one document of about 2 KB of word-like text (with some non-ASCII words),
in layer "alice", with 10 spans labelled from the default schema (valid attributes,
`text` slices) and 3 relations the default schema allows, laid out exactly as
`desktop.formats.jsonl.write` lays out a record, so an export of the imported project
reproduces the file byte for byte.

    python -m tests.benchmarks.corpus OUT.jsonl [--docs N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from desktop.domain import Schema

DOCS = 100_000
SEED = 20240601
LAYER = "alice"
SPANS_PER_DOC = 10
TEXT_CHARS = 2_000

_SYLLABLES = (
    "ka",
    "ri",
    "to",
    "ne",
    "sa",
    "lo",
    "mi",
    "den",
    "vor",
    "al",
    "ur",
    "ban",
    "tel",
    "ish",
    "ro",
    "ma",
    "gan",
    "ter",
    "pol",
    "ex",
    "in",
    "cor",
    "dra",
    "lin",
    "mus",
    "pe",
    "sta",
    "qui",
    "ve",
    "zo",
    "har",
    "bel",
    "ton",
    "ad",
    "ri",
    "cla",
    "ment",
    "uni",
    "ser",
    "pro",
)
_NON_ASCII = (
    "Zürich",
    "Genève",
    "São",
    "naïve",
    "café",
    "Kraków",
    "Łódź",
    "İstanbul",
    "Ελλάδα",
    "Україна",
    "Москва",
    "مرحبا",
    "שלום",
    "東京",
    "e\u0301t\u00e9",
    "—",
    "«quote»",
    "😀",
)
_PUNCT = (".", ",", ";", ":", "!", "?")
#: Span labels by position within a document, and the attributes each may take.
_LABELS = (
    "ACTOR",
    "ALLEGATION",
    "ACTOR",
    "RESPONSE",
    "EVIDENCE",
    "ACTOR",
    "ALLEGATION",
    "ACTOR",
    "RESPONSE",
    "EVIDENCE",
)
#: Valid attribute values per label, straight from the default schema.
_ATTRS: dict[str, dict[str, tuple[str, ...]]] = {
    label.name: {a.name: a.choices for a in label.attributes}
    for label in Schema.default().span_labels
}
#: (role, head position, child position) among the spans of a document.
_RELATIONS = (("accuser", 1, 0), ("accused", 1, 2), ("responds_to", 3, 1))
_STATUSES = ("new", "in_progress", "done")


def _vocabulary(rng: random.Random, size: int = 4_000) -> list[str]:
    words = []
    for _ in range(size):
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
        words.append(word.capitalize() if rng.random() < 0.12 else word)
    return words


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _text(rng: random.Random, vocabulary: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """About TEXT_CHARS code points of words; the (start, end) of every word."""
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    at = 0
    while at < TEXT_CHARS:
        word = rng.choice(_NON_ASCII) if rng.random() < 0.03 else rng.choice(vocabulary)
        words.append((at, at + len(word)))
        parts.append(word)
        at += len(word)
        tail = " "
        roll = rng.random()
        if roll < 0.08:
            tail = rng.choice(_PUNCT) + " "
        elif roll < 0.085:
            tail = ".\r\n" if roll < 0.082 else ".\n\n"
        parts.append(tail)
        at += len(tail)
    return "".join(parts).rstrip() + ".", words


def _spans(rng: random.Random, text: str, words: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """SPANS_PER_DOC non-overlapping spans of 1-3 words, in text order."""
    slot = len(words) // SPANS_PER_DOC
    spans = []
    for index, label in enumerate(_LABELS):
        first = index * slot + rng.randrange(max(1, slot - 3))
        last = min(first + rng.randrange(3), len(words) - 1)
        start, end = words[first][0], words[last][1]
        attrs = {name: rng.choice(choices) for name, choices in _ATTRS[label].items()}
        if label == "ALLEGATION" and rng.random() < 0.3:
            del attrs["status"]
        spans.append(
            {
                "id": _hex(rng),
                "start": start,
                "end": end,
                "label": label,
                "text": text[start:end],
                "attrs": attrs,
                "actor": None,
            }
        )
    return spans


def _relations(rng: random.Random, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    relations = []
    for role, head_at, child_at in _RELATIONS:
        head, child = spans[head_at], spans[child_at]
        relations.append(
            {
                "id": _hex(rng),
                "label": role,
                "head_id": head["id"],
                "child_id": child["id"],
                "head_span": {"start": head["start"], "end": head["end"], "label": head["label"]},
                "child_span": {
                    "start": child["start"],
                    "end": child["end"],
                    "label": child["label"],
                },
            }
        )
    return relations


def records(docs: int = DOCS, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """The JSON objects of the corpus, in file order."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    for number in range(docs):
        text, words = _text(rng, vocabulary)
        spans = _spans(rng, text, words)
        yield {
            "id": _hex(rng),
            "title": f"Synthetic article {number + 1}",
            "text": text,
            "meta": {"source": "synthetic", "n": number + 1},
            "layer": LAYER,
            "status": rng.choice(_STATUSES),
            "spans": spans,
            "relations": _relations(rng, spans),
        }


def write_corpus(path: Path, docs: int = DOCS, seed: int = SEED) -> Path:
    """Write the corpus to `path` (one JSON object a line) and return the path."""
    option = orjson.OPT_APPEND_NEWLINE
    with Path(path).open("wb") as stream:
        for record in records(docs, seed):
            stream.write(orjson.dumps(record, option=option))
    return Path(path)


def cached_corpus(folder: Path, docs: int = DOCS, seed: int = SEED) -> Path:
    """The corpus file for (docs, seed) in `folder`, written on first use."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-{docs}-{seed}.jsonl"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        write_corpus(partial, docs, seed)
        partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=DOCS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    write_corpus(args.out, args.docs, args.seed)
    size = args.out.stat().st_size
    print(f"{args.out}: {args.docs} documents, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
