"""``python -m feeds.evaluation PATH [--verbose]``."""

from feeds.evaluation.report import main

raise SystemExit(main())
