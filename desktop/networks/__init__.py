"""Actor networks from claim frames (who accuses, answers, sides with whom), without Qt."""

from desktop.networks.build import DIRECTED, KINDS, ONE_MODE, build_network
from desktop.networks.claims import (
    Claim,
    DocumentClaims,
    ResponseClaim,
    UnlinkedSpan,
    document_claims,
    layer_claims,
)
from desktop.networks.normalize import NORMALIZATIONS
from desktop.networks.table import COLUMNS, ActorRow, actor_table, write_table_csv
from desktop.networks.timeline import (
    DateError,
    Duration,
    Window,
    document_date,
    parse_date,
    parse_duration,
    read_date,
    windows,
)
from desktop.networks.writers import FORMATS, WRITERS, dynamic_graph, format_of, plain_graph

__all__ = [
    "COLUMNS",
    "DIRECTED",
    "FORMATS",
    "KINDS",
    "NORMALIZATIONS",
    "ONE_MODE",
    "WRITERS",
    "ActorRow",
    "Claim",
    "DateError",
    "DocumentClaims",
    "Duration",
    "ResponseClaim",
    "UnlinkedSpan",
    "Window",
    "actor_table",
    "build_network",
    "document_claims",
    "document_date",
    "dynamic_graph",
    "format_of",
    "layer_claims",
    "parse_date",
    "parse_duration",
    "plain_graph",
    "read_date",
    "windows",
    "write_table_csv",
]
