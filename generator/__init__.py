"""plansite: the school plans of 能力提升工程 2.0 as a static site."""

__version__ = "0.1.0"
