"""Build hook: copy the repository's themes/, schemas/, templates/ and docs/ into the package.

The repository keeps them at the top level (a site overrides them by folders of the same
names); the wheel carries them as generator/_data/, where generator/core/resources.py finds them.
Everything else about the package is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("themes", "schemas", "templates", "docs")  # docs/: the user guide, for `plansite docs`
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the top-level folders in place
        for name in DATA:
            target = Path(self.build_lib) / "generator" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / name, target, ignore=IGNORE)


setup(cmdclass={"build_py": BuildWithData})
