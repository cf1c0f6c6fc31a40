"""Review: span alignment, agreement measures and the agreement report; no Qt, no SQL."""
