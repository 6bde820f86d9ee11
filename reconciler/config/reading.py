"""Reading a config: bytes -> YAML (loader.py) -> schema (validate.py) -> meaning (semantic.py),
whose problems are reported together (a YAML error alone, as nothing after it can be read).

Each stage knows nothing of the ones after it; this module runs them in that one direction.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from reconciler.collector import collector_paused
from reconciler.config.loader import MAX_FILE_BYTES, read_config_file, read_document
from reconciler.config.model import Config
from reconciler.config.partial import accepted_part
from reconciler.config.semantic import build_if_usual, check_and_build
from reconciler.config.validate import schema_problems


def parse_config(text: str | bytes, path: str = "<string>") -> Config:
    """Parse a config from its text (pure: reads no file). `path` is used only in messages."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    # The collector would scan the growing document again and again, finding nothing.
    with collector_paused():
        document = read_document(data, path)
        # A file of the usual shapes is checked as the schema would check it in the one walk
        # that builds its model; any other goes through the schema first.
        config = build_if_usual(document, path)
        if config is None:
            # Every problem at once: the semantic checks run on what the schema accepted.
            found = schema_problems(document, path)
            if found:
                malformed = [problem.location for problem in found if not problem.unknown_key]
                document = accepted_part(document, malformed)
            config = check_and_build(document, path, earlier=[problem.error for problem in found])
        # Freed while the collector is paused: once it resumes, its first pass would walk every
        # mapping of the document only to see it go right after.
        del document
    return config


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and check the config file at `path`."""
    name = os.fspath(path)
    return parse_config(read_config_file(name), name)


def load_config_stream(stream: BinaryIO, name: str = "<stdin>") -> Config:
    """Read and check a config from a binary stream such as standard input; `name` is used
    only in messages. Reads one byte past the size cap at most, so the cap is still enforced."""
    return parse_config(stream.read(MAX_FILE_BYTES + 1), name)
