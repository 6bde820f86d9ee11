"""The desired state: read from YAML (load_config, parse_config) into Config."""

from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.config.reading import load_config, parse_config

__all__ = ["Config", "DesiredClient", "DesiredProject", "load_config", "parse_config"]
