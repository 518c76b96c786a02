"""Call Sofia central API: the service every channel writes to and every console reads from."""

__version__ = "0.1.0"
