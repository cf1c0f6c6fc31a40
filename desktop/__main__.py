"""`python -m desktop` runs the same entry point as `gloss`."""

from desktop.cli import main

raise SystemExit(main())
