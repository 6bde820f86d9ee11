"""Run a module as `python -m MODULE ARGS...`, then write this process's own resource usage.

Usage: python benchmarks/measure.py REPORT.json MODULE [ARGS...]

The report is JSON: {"exit_code", "maxrss_kib", "user_s", "sys_s"}. A process reports its own peak
memory because the parent's RUSAGE_CHILDREN peak is the maximum over every child so far: after a
large run it would hide the peak of any smaller one that follows. On Linux even the process's own
ru_maxrss starts from the resident size of the parent it was forked from (the benchmark holds
whole worlds in memory), so the peak is read from /proc/self/status (VmHWM) where it exists.
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


def _peak_kib(usage: resource.struct_rusage) -> int:
    """This process's peak resident memory in KiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])  # "VmHWM:  123456 kB"
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    return usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss


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
        kib = _peak_kib(usage)
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
