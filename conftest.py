"""Collection rules for the whole suite (tests/conftest.py has the fixtures)."""
from __future__ import annotations

import statwh
from statwh.native import COMPILED, PACKAGE_DIR


def pytest_ignore_collect(collection_path, config):
    """With the compiled extractor in use, importing statwh/extract.py for its doctests finds the
    compiled module, which pytest refuses as a different file: tests/test_native.py runs those
    doctests on the plain sources instead."""
    if statwh.NATIVE and collection_path.parent == PACKAGE_DIR and collection_path.stem in COMPILED:
        return True
    return None

pytest_plugins = ["pytester"]  # tests/test_tiers.py runs pytest on made-up test files
