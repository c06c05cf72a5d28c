"""The guide library: loading, validating and indexing guides/ (no web framework here)."""
from .library import Library, load, stamp  # noqa: F401
from .model import AUDIENCES, TOPICS, Guide, Problem, Step, Text  # noqa: F401
