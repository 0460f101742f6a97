"""Vendored browser assets (scripts, styles, fonts) copied beside the pages that load them, so that
the Data Docs and the report open with no network."""
from __future__ import annotations

import shutil
from pathlib import Path


def copy_assets(source_dir: Path, target_dir: Path, names: tuple[str, ...] | None = None) -> None:
    """Copy each file of ``source_dir`` (or only ``names``; never its README.md) to the same place under
    ``target_dir``, unless the copy there is already one (same size and modification time)."""
    sources = [source_dir / name for name in names] if names else sorted(source_dir.rglob("*"))
    for source in sources:
        target = target_dir / source.relative_to(source_dir)
        if source.is_file() and source.suffix != ".md" and not _same_file(source, target):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _same_file(source: Path, target: Path) -> bool:
    """Whether ``target`` is already a copy of ``source`` (same size and modification time)."""
    try:
        a, b = source.stat(), target.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime)
