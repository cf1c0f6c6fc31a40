"""Whether existing annotations fit a codebook: what would no longer fit, and how many."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from desktop.domain.errors import DomainError
from desktop.domain.schema import Schema

SpanUsage = tuple[str, dict[str, object], int]  # label, attributes, how many spans
RoleUsage = tuple[str, str, str, int]  # role, head label, tail label, how many relations


def misfits(
    schema: Schema,
    spans: Iterable[SpanUsage],
    roles: Iterable[RoleUsage],
    source: str = "the new codebook",
) -> list[str]:
    """One line per kind of annotation `schema` would not allow, largest count first.

    For example `12 spans use DENIAL, which FILE removes`; empty when everything fits.
    """
    problems: Counter[tuple[str, str, str]] = Counter()
    labels = set(schema.label_names)
    for label, attrs, count in spans:
        if label not in labels:
            problems[(f"span uses {label}", f"spans use {label}", f"which {source} removes")] += (
                count
            )
            continue
        definition = schema.span_label(label)
        for name, value in attrs.items():
            if value is None:
                continue
            attribute = definition.attribute(name)
            if attribute is None:
                problems[
                    (
                        f"{label} span sets {name}",
                        f"{label} spans set {name}",
                        f"which {source} removes",
                    )
                ] += count
                continue
            try:
                attribute.check(value)
            except DomainError:
                shown = "true" if value is True else repr(value)
                problems[
                    (
                        f"{label} span has {name} = {shown}",
                        f"{label} spans have {name} = {shown}",
                        f"which {source} does not allow",
                    )
                ] += count
    known_roles = {role.name: role for role in schema.relation_labels}
    for name, head, tail, count in roles:
        role = known_roles.get(name)
        if role is None:
            problems[
                (
                    f"relation uses role {name}",
                    f"relations use role {name}",
                    f"which {source} removes",
                )
            ] += count
        elif not role.allows(head, tail) and head in labels and tail in labels:
            problems[
                (
                    f"{name} relation goes from {head} to {tail}",
                    f"{name} relations go from {head} to {tail}",
                    f"which {source} does not allow",
                )
            ] += count
    return [
        f"{count} {one if count == 1 else many}, {why}"
        for (one, many, why), count in problems.most_common()
    ]
