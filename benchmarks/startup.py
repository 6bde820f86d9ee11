"""Start-up time of the command beside the floor click sets: `python -c "import click"`.

Each figure is the median wall time of fresh processes, measured side by side in one run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15


def _median_wall(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_startup() -> dict[str, float]:
    """Median seconds for `import click`, `toggl-reconciler --help` and `--version`."""
    py = sys.executable
    cli = "from reconciler.cli import main; main()"
    click_s = _median_wall([py, "-c", "import click"])
    help_s = _median_wall([py, "-c", cli, "--help"])
    version_s = _median_wall([py, "-c", cli, "--version"])
    return {
        "import_click_s": click_s,
        "help_s": help_s,
        "version_s": version_s,
        "help_over_click": help_s / click_s,
    }


def startup_table(figures: dict[str, float]) -> str:
    return "\n".join(
        [
            "| start-up (median of 15 fresh processes) | wall ms | vs `import click` |",
            "|---|---|---|",
            f'| `python -c "import click"` | {figures["import_click_s"] * 1000:.0f} | 1.0x |',
            f"| `toggl-reconciler --help` | {figures['help_s'] * 1000:.0f} | "
            f"{figures['help_over_click']:.1f}x |",
            f"| `toggl-reconciler --version` | {figures['version_s'] * 1000:.0f} | "
            f"{figures['version_s'] / figures['import_click_s']:.1f}x |",
        ]
    )
