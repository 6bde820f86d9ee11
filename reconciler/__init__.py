"""toggl-reconciler: infrastructure-as-code for Toggl Track clients and projects."""

__version__ = "0.1.0"
