"""The pre-commit hook package (pyproject.toml says why it is here): version = VERSION, and it
depends on exactly that version of the dcmigrate wheel."""
import os

from setuptools import setup

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "VERSION")) as f:
    VERSION = f.read().strip()

setup(version=VERSION, install_requires=["dcmigrate==" + VERSION])
