"""The floor for reading a config with PyYAML: libyaml's parser run over the file, each event
taken and dropped, nothing built from them.

Usage: python -m benchmarks.yaml_events CONFIG. Run through measure.py, which reports the
process's CPU time; cpu.py prints it beside the bare download: whatever a plan builds from its
config, it first pays this.
"""

from __future__ import annotations

import sys

from yaml._yaml import CParser


def count_events(text: str) -> int:
    parser = CParser(text)
    try:
        count = 0
        while parser.get_event() is not None:
            count += 1
        return count
    finally:
        parser.dispose()


def main(argv: list[str] | None = None) -> None:
    path = (sys.argv[1:] if argv is None else argv)[0]
    with open(path, encoding="utf-8") as fh:
        print(f"{count_events(fh.read())} YAML events")


if __name__ == "__main__":
    main()
