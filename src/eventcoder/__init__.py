"""eventcoder: turn news articles into CAMEO/PLOVER political event data, offline."""

__version__ = "0.1.0"
