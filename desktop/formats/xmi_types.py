"""The UIMA type system of Gloss's XMI export: DKPro's types and Gloss's own.

`GlossSpan` and `GlossRole` are custom layers INCEpTION can be set up with (the README
written beside the files says how); `gloss.GlossDocument` holds the status and metadata
INCEpTION has no place for, and INCEpTION leaves it out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

TYPESYSTEM = "TypeSystem.xml"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
GLOSS_SPAN = "webanno.custom.GlossSpan"
GLOSS_ROLE = "webanno.custom.GlossRole"
GLOSS_DOCUMENT = "gloss.GlossDocument"
STRING = "uima.cas.String"
ATTR = "a_"

INCEPTION_README = """# Gloss export for INCEpTION (UIMA CAS XMI)

One `.xmi` file per document (a subfolder per annotator when there are several) and the
`TypeSystem.xml` they share.

Set up the project in INCEpTION before importing:

1. Project settings > Layers > Create: name `GlossSpan`, type *Span*, granularity
   *Character-level*, overlap *Any*; add the String features `label`, `gloss_id`,
   `actor`, `actor_name`, `note`, the Boolean `unsure` and, for each attribute,
   `a_<attribute>` (listed below).
2. Create a second layer: name `GlossRole`, type *Relation*, attached to `GlossSpan`;
   add the String features `label` and `gloss_id`.
3. Enable the built-in *Named entity* layer (each span is also a `NamedEntity` whose
   `value` is the label, for users who only want labels).
4. Documents > Import, format *UIMA CAS XMI (XML 1.0)*, and pick the `.xmi` files.

Each file also holds a `gloss.GlossDocument` (the document's status in Gloss and its
metadata as JSON). It is not a layer: INCEpTION leaves it out, and Gloss reads it back
when the folder is imported again.

Attribute features in this export: {attributes}
"""


def cassis_module() -> Any:
    """dkpro-cassis, imported when first needed (it is slow to import)."""
    import cassis

    return cassis


# --- type system -----------------------------------------------------------


def type_system(attributes: Iterable[str]) -> Any:
    """The type system of a Gloss export holding the given span attribute names."""
    cassis = cassis_module()
    ts = cassis.TypeSystem()
    ne = ts.create_type(NAMED_ENTITY, "uima.tcas.Annotation")
    ts.create_feature(ne, "value", STRING)
    ts.create_feature(ne, "identifier", STRING)
    add_metadata(ts)
    span = ts.create_type(GLOSS_SPAN, "uima.tcas.Annotation", description="A Gloss span")
    for name in ("label", "gloss_id", "actor", "actor_name", "note"):
        ts.create_feature(span, name, STRING)
    ts.create_feature(span, "unsure", "uima.cas.Boolean")
    for name, feature in sorted(attribute_features(attributes).items()):
        ts.create_feature(span, feature, STRING, description=f"gloss attribute: {name}")
    document = ts.create_type(
        GLOSS_DOCUMENT,
        "uima.tcas.Annotation",
        description="Gloss: the status of this layer of the document and its metadata (JSON)",
    )
    ts.create_feature(document, "status", STRING)
    ts.create_feature(document, "meta", STRING, description="a JSON object")
    role = ts.create_type(GLOSS_ROLE, "uima.tcas.Annotation", description="A Gloss role")
    ts.create_feature(role, "Governor", span)
    ts.create_feature(role, "Dependent", span)
    ts.create_feature(role, "label", STRING)
    ts.create_feature(role, "gloss_id", STRING)
    return ts


def add_metadata(ts: Any) -> None:
    """DKPro's DocumentMetaData, as INCEpTION writes it."""
    meta = ts.create_type(METADATA, "uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri", "collectionId", "documentBaseUri"):
        ts.create_feature(meta, name, STRING)
    ts.create_feature(meta, "isLastSegment", "uima.cas.Boolean")


def attribute_features(names: Iterable[str]) -> dict[str, str]:
    """Attribute name -> UIMA feature name (`a_` + a safe identifier, made unique)."""
    features: dict[str, str] = {}
    for name in sorted(set(names)):
        base = ATTR + (re.sub(r"\W", "_", name, flags=re.ASCII) or "x")
        feature = base
        if feature in features.values():
            feature = f"{base}_{hashlib.sha1(name.encode()).hexdigest()[:6]}"
        features[name] = feature
    return features
