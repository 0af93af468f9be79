"""Every benchmark, one after the other, with bounded sizes (a few minutes on 2 cores).

Run from the repository root: ``.venv/bin/python bench/run_all.py``. Each script prints its
own baseline measured in the same run and the ratio; see bench/README.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITE = [
    ("startup.py", []),
    ("poll_mix.py", ["1000", "100"]),
    ("not_modified.py", ["1000", "10000"]),
    ("workers.py", ["120"]),
    ("incident_scale.py", ["40"]),
    ("alert_latency.py", ["15"]),
    ("candidate_query.py", ["20000"]),
    ("analysis_throughput.py", ["10"]),
    ("parse_large_feed.py", []),
]


def main() -> int:
    failed = 0
    for script, args in SUITE:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE.parent)
        failed += done.returncode != 0
        print(f"  [{script}: {time.perf_counter() - started:.0f} s, exit {done.returncode}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
