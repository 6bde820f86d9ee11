"""The desired state: read from YAML (load_config, parse_config) into Config."""

from reconciler.config.loader import load_config, parse_config
from reconciler.config.model import Config, DesiredClient, DesiredProject

__all__ = ["Config", "DesiredClient", "DesiredProject", "load_config", "parse_config"]
