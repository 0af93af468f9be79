"""``python -m tools.evaluation PATH [--verbose]``."""

from tools.evaluation.report import main

raise SystemExit(main())
