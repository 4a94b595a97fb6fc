"""`pip install .`: the inference/ folder is installed as the package flair_landcover (pyproject.toml
has everything else). Its subpackages are found here so that a new engine folder is never left out;
the engine's imports are relative, so the same files run as `inference` in the repository and in
the plugin zip, and as `flair_landcover` once installed."""
from setuptools import find_packages, setup

setup(packages=["flair_landcover" + p[len("inference"):] for p in find_packages(include=["inference", "inference.*"])])
