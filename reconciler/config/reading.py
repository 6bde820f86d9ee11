"""Reading a config: bytes -> YAML (loader.py) -> schema (validate.py) -> meaning (semantic.py).

Each stage knows nothing of the ones after it; this module runs them in that one direction.
"""

from __future__ import annotations

import os

from reconciler.collector import collector_paused
from reconciler.config.loader import read_config_file, read_document
from reconciler.config.model import Config
from reconciler.config.semantic import check_and_build
from reconciler.config.validate import check_schema


def parse_config(text: str | bytes, path: str = "<string>") -> Config:
    """Parse a config from its text (pure: reads no file). `path` is used only in messages."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    # The collector would scan the growing document again and again, finding nothing.
    with collector_paused():
        document = read_document(data, path)
        check_schema(document, path)
        return check_and_build(document, path)


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and check the config file at `path`."""
    name = os.fspath(path)
    return parse_config(read_config_file(name), name)
