"""argmap: analysts' articles as a graph of claims, where they agree and where they clash."""

__version__ = "0.1.0"
