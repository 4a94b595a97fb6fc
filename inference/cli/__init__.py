"""The command line: ``python -m inference <sub-command>``."""
