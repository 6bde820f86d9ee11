"""Writes compiled_check.py: the config schema's fast check as fastjsonschema compiles it, so
that a run does not compile it again. Run it whenever the schema or fast_schema.py changes:

    python -m reconciler.config.write_compiled_check
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from reconciler.config.fast_schema import COMPILE_OPTIONS, compiled_form
from reconciler.config.validate import config_schema_text, schema_digest

COMPILED_CHECK_PATH = Path(__file__).with_name("compiled_check.py")
_HEADER = '''\
"""The config schema's fast check, compiled by fastjsonschema. Generated: do not edit.

Written by `python -m reconciler.config.write_compiled_check` from schemas/config.schema.json
(whose SHA-256 is SCHEMA_SHA256: validate.py uses `check` only while the shipped schema has it).
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off

SCHEMA_SHA256 = "{digest}"

'''


def compiled_check_source(schema_text: str) -> str:
    """The text of compiled_check.py for the schema `schema_text`: fastjsonschema's code for
    what fast_schema.compile_check compiles, the schema's digest, and `check`, the function
    that checks a document."""
    import fastjsonschema

    code = fastjsonschema.compile_to_code(compiled_form(json.loads(schema_text)), **COMPILE_OPTIONS)
    # The first function fastjsonschema writes is the one for the whole document.
    root = re.search(r"^def (\w+)\(", code, re.MULTILINE)
    if root is None:
        raise ValueError("fastjsonschema wrote no function")
    header = _HEADER.format(digest=schema_digest(schema_text))
    return f"{header}{code.rstrip()}\n\n\ncheck = {root[1]}\n"


if __name__ == "__main__":
    COMPILED_CHECK_PATH.write_text(compiled_check_source(config_schema_text()), encoding="utf-8")
