"""Run a module as `python -m MODULE ARGS...`, then write this process's own resource usage.

Usage: python benchmarks/measure.py REPORT.json MODULE [ARGS...]

The report is JSON: {"exit_code", "maxrss_kib", "user_s", "sys_s"}. A process reports its own peak
memory because the parent's RUSAGE_CHILDREN peak is the maximum over every child so far: after a
large run it would hide the peak of any smaller one that follows.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import sys


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def main() -> None:
    report, module, *args = sys.argv[1:]
    # Run as a script, this directory comes first on sys.path; the module must not see it.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.argv = [module, *args]
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:
        code = 1
        raise
    finally:
        sys.stdout.flush()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        # ru_maxrss is in KiB on Linux, in bytes on macOS.
        kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
        with open(report, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "exit_code": code,
                    "maxrss_kib": kib,
                    "user_s": usage.ru_utime,
                    "sys_s": usage.ru_stime,
                },
                fh,
            )
    sys.exit(code)


if __name__ == "__main__":
    main()
