"""Settings and bundled data (units, catalogue, wording, knowledge base, NLU training data)."""

from config.settings import ConfigError, Settings, load_settings

__all__ = ["ConfigError", "Settings", "load_settings"]
