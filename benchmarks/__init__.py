"""Benchmarks: request counts, time and memory of plan and apply at scale (see run.py)."""
