"""The annotation guide: each label with its description, attributes, roles and examples.

Written as HTML (every text escaped) or Markdown (text made literal), by extension.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from desktop.domain import Schema, SpanLabel
from desktop.formats.errors import FormatError

#: Examples per label: (text before, the span's text, text after).
Examples = dict[str, list[tuple[str, str, str]]]
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LEADING = re.compile(r"^([-+#>])")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")


def write_guide(path: Path, schema: Schema, examples: Examples) -> int:
    """Write the guide to `path` (.html, .htm or .md); returns the number of labels."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        text = guide_html(schema, examples)
    elif suffix in (".md", ".markdown"):
        text = guide_markdown(schema, examples)
    else:
        raise FormatError(path, None, "the guide is written as .html or .md")
    try:
        Path(path).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise FormatError(path, None, f"cannot write ({exc.strerror})") from None
    return len(schema.span_labels)


def _roles(schema: Schema, label: SpanLabel) -> list[str]:
    lines = []
    for role in schema.relation_labels:
        if label.name in role.heads:
            lines.append(f"this → {role.name} → {' / '.join(role.tails)}")
        if label.name in role.tails:
            lines.append(f"{' / '.join(role.heads)} → {role.name} → this")
    return lines


def _attribute_text(label: SpanLabel) -> list[tuple[str, str, str]]:
    """(name, allowed values, description) of each attribute."""
    rows = []
    for attribute in label.attributes:
        if attribute.binary:
            values = "yes or absent"
        elif attribute.choices:
            values = ", ".join(attribute.choices)
        else:
            values = "free text"
        rows.append((attribute.name, values, attribute.description))
    return rows


def _flat(text: str) -> str:
    """Line breaks and tabs of document text shown as single spaces in an example."""
    return re.sub(r"\s+", " ", text)


def guide_html(schema: Schema, examples: Examples) -> str:
    """The guide as a standalone HTML page."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>Annotation guide: {e(schema.name)}</title>",
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
        ".chip{display:inline-block;width:.9em;height:.9em;border-radius:.2em;"
        "margin-right:.4em}mark{padding:0 .15em}</style>",
        "</head><body>",
        f"<h1>Annotation guide: {e(schema.name)}</h1>",
        f"<p>Codebook version {schema.version}.</p>",
    ]
    for label in schema.span_labels:
        key = f" (key <kbd>{e(label.hotkey)}</kbd>)" if label.hotkey else ""
        colour = e(label.color, quote=True)
        out.append(
            f'<h2><span class="chip" style="background:{colour}"></span>{e(label.name)}{key}</h2>'
        )
        out.append(f"<p>{e(label.description) or '<em>No description yet.</em>'}</p>")
        rows = _attribute_text(label)
        if rows:
            out.append("<h3>Attributes</h3><ul>")
            out += [
                f"<li><b>{e(n)}</b>: {e(v)}{' — ' + e(d) if d else ''}</li>" for n, v, d in rows
            ]
            out.append("</ul>")
        roles = _roles(schema, label)
        if roles:
            out.append("<h3>Roles</h3><ul>")
            out += [f"<li>{e(line)}</li>" for line in roles]
            out.append("</ul>")
        found = examples.get(label.name, [])
        if found:
            out.append("<h3>Examples</h3><ul>")
            out += [
                f'<li>…{e(_flat(before))}<mark style="background:{colour}40">'
                f"{e(_flat(text))}</mark>{e(_flat(after))}…</li>"
                for before, text, after in found
            ]
            out.append("</ul>")
    described = [r for r in schema.relation_labels if r.description]
    if described:
        out.append("<h2>Roles</h2><dl>")
        for role in described:
            out.append(f"<dt>{e(role.name)}</dt><dd>{e(role.description)}</dd>")
        out.append("</dl>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Text shown literally in Markdown (and no raw HTML)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", _flat(text))
    return _MD_NUMBERED.sub(r"\1\\\2", _MD_LEADING.sub(r"\\\1", escaped))


def guide_markdown(schema: Schema, examples: Examples) -> str:
    """The guide as Markdown."""
    out = [f"# Annotation guide: {_md(schema.name)}", "", f"Codebook version {schema.version}."]
    for label in schema.span_labels:
        key = f" (key `{label.hotkey}`)" if label.hotkey else ""
        out += [
            "",
            f"## {_md(label.name)}{key}",
            "",
            _md(label.description) or "*No description yet.*",
        ]
        rows = _attribute_text(label)
        if rows:
            out += ["", "Attributes:", ""]
            out += [f"- **{_md(n)}**: {_md(v)}{' — ' + _md(d) if d else ''}" for n, v, d in rows]
        roles = _roles(schema, label)
        if roles:
            out += ["", "Roles:", ""] + [f"- {_md(line)}" for line in roles]
        found = examples.get(label.name, [])
        if found:
            out += ["", "Examples:", ""]
            out += [
                f"- …{_md(before)}**{_md(text)}**{_md(after)}…" for before, text, after in found
            ]
    return "\n".join(out) + "\n"
