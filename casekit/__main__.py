"""Run the command line: ``python -m casekit``."""

from .cli import main

raise SystemExit(main())
