"""The compiled extractor (statwh.native) gives exactly what the plain Python one gives."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import statwh
from statwh import native
from statwh.paths import PROJECT_ROOT, SEED_DOCUMENTS_DIR

DEV_DOCUMENTS = PROJECT_ROOT.parent / "shared" / "eval" / "dev" / "docs"
needs_build = pytest.mark.skipif(not statwh.NATIVE, reason="the compiled extractor is not in use: not built (make native), out of date, or STATWH_PURE_PYTHON set")

# Extracts every statistic of the documents in the folders given, and prints them as JSON.
EXTRACT_ALL = """
import dataclasses, json, sys
from pathlib import Path
import statwh
from statwh.extract import extract_statistics
from statwh.ingest import ingest
documents = ingest([Path(folder) for folder in sys.argv[1:]]).documents
print(json.dumps({"native": statwh.NATIVE, "documents": [
    [d.title, [dataclasses.asdict(s) for s in extract_statistics(d.text, d.title, d.publisher, d.published_on)]]
    for d in documents]}, default=str))
"""


def _run(arguments: list[str], plain: bool) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "STATWH_PURE_PYTHON"}
    if plain:
        env["STATWH_PURE_PYTHON"] = "1"
    return subprocess.run([sys.executable, *arguments], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)


@needs_build
def test_compiled_and_plain_extractors_give_the_same_statistics():
    folders = [str(SEED_DOCUMENTS_DIR)] + ([str(DEV_DOCUMENTS)] if DEV_DOCUMENTS.is_dir() else [])
    compiled, plain = (_run(["-c", EXTRACT_ALL, *folders], plain=flag) for flag in (False, True))
    assert compiled.returncode == 0, compiled.stderr
    assert plain.returncode == 0, plain.stderr
    compiled_out, plain_out = json.loads(compiled.stdout), json.loads(plain.stdout)
    assert compiled_out["native"] is True and plain_out["native"] is False
    seed_title, seed_statistics = compiled_out["documents"][0]  # the seed folder's one article comes first
    assert len(seed_statistics) == 5 and {s["value"] for s in seed_statistics} >= {80000.0}, seed_title
    assert compiled_out["documents"] == plain_out["documents"]


@needs_build
def test_doctests_of_the_compiled_modules_pass_on_their_sources():
    sources = [str(native.PACKAGE_DIR / f"{name}.py") for name in native.COMPILED]
    result = _run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules", *sources], plain=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_build_from_other_sources_is_not_used(tmp_path, monkeypatch):
    monkeypatch.delenv("STATWH_PURE_PYTHON", raising=False)
    stale = {name: "0" * 64 for name in native.COMPILED}
    (tmp_path / native.MANIFEST).write_text(json.dumps({"sources": stale}), encoding="utf-8")
    package_path: list[str] = []
    with pytest.warns(UserWarning, match="built from other sources"):
        assert native.activate(package_path, native_dir=tmp_path) is False
    assert package_path == []


def test_a_build_from_these_sources_comes_first_on_the_package_path(tmp_path, monkeypatch):
    monkeypatch.delenv("STATWH_PURE_PYTHON", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    (tmp_path / native.MANIFEST).write_text(json.dumps({"sources": native.source_hashes()}), encoding="utf-8")
    package_path = ["/somewhere/statwh"]
    assert native.activate(package_path, native_dir=tmp_path) is True
    assert package_path == [str(tmp_path / "statwh"), "/somewhere/statwh"]
    assert str(tmp_path) in sys.path


def test_no_build_or_pure_python_asked_for_means_the_plain_modules(tmp_path, monkeypatch):
    monkeypatch.delenv("STATWH_PURE_PYTHON", raising=False)
    assert native.activate([], native_dir=tmp_path / "never-built") is False
    (tmp_path / native.MANIFEST).write_text(json.dumps({"sources": native.source_hashes()}), encoding="utf-8")
    monkeypatch.setenv("STATWH_PURE_PYTHON", "1")
    assert native.activate([], native_dir=tmp_path) is False
