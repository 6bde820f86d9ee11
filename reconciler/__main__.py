"""python -m reconciler"""

from .cli import run

run()
