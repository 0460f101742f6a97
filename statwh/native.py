"""The extractor's modules compiled to C with mypyc, used where they have been built.

    make native     (make run and make test call it; it runs statwh.native.main(["build"]))

Compiled, the extractor runs about a quarter faster (bench/extract_speed.py). The build lives
outside the source tree, in build/native/, with a hash of each source it was built from. The
package loads it only while every hash matches its source, so that an edited module is never
shadowed by an older build; without a build, or with ``STATWH_PURE_PYTHON=1``, the same modules
run as plain Python. The two give the same statistics (tests/test_native.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from statwh.paths import PROJECT_ROOT

# The modules on the extractor's hot path. The others (ingest, warehouse, cli...) gain nothing.
COMPILED = ("regex", "number_parser", "periods", "patterns", "sentences", "candidates", "decide", "statistic",
            "attributes", "sources", "discourse", "merge", "subjects", "extract")
PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_DIR = PROJECT_ROOT / "build" / "native"
MANIFEST = "sources.json"


def source_hashes(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """The SHA-256 of each compiled module's source, as it is now."""
    return {name: hashlib.sha256((package_dir / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED}


def activate(package_path: list[str], native_dir: Path = NATIVE_DIR, package_dir: Path = PACKAGE_DIR) -> bool:
    """Put a build that matches the sources first on the package's path; say whether it did.

    ``package_path`` is the package's ``__path__``: the import system looks for ``statwh.extract``
    in its folders in order, so the compiled module is found before the source.
    """
    if os.environ.get("STATWH_PURE_PYTHON"):
        return False
    try:
        manifest = json.loads((native_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False  # never built, or the build did not finish
    if manifest.get("sources") != source_hashes(package_dir):
        warnings.warn(f"statwh: the compiled extractor in {native_dir} was built from other sources than "
                      "these; using the plain Python modules (make native rebuilds it)", stacklevel=2)
        return False
    package_path.insert(0, str(native_dir / "statwh"))
    if str(native_dir) not in sys.path:
        sys.path.append(str(native_dir))  # the shared library that the compiled modules load
    return True


def build(native_dir: Path = NATIVE_DIR) -> Path:
    """Compile the modules with mypyc in a scratch folder, then replace the build in ``native_dir``."""
    sources = source_hashes()
    with tempfile.TemporaryDirectory(prefix="statwh-native-") as scratch:
        work = Path(scratch)
        # The whole package, so that mypyc can type-check the compiled modules' imports; a folder
        # with no pyproject.toml, whose package discovery setuptools would otherwise apply.
        shutil.copytree(PACKAGE_DIR, work / "statwh", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        command = [sys.executable, "-m", "mypyc", "--ignore-missing-imports",
                   *(f"statwh/{name}.py" for name in COMPILED)]
        result = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"mypyc failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
        staged = work / "native"
        (staged / "statwh").mkdir(parents=True)
        for library in work.glob("*.so"):  # the shared library of all compiled modules
            shutil.copy2(library, staged)
        for name in COMPILED:
            (module,) = (work / "statwh").glob(f"{name}.*.so")
            shutil.copy2(module, staged / "statwh")
        if sources != source_hashes():
            raise RuntimeError("the sources changed while they were being compiled; build again")
        if native_dir.exists():
            shutil.rmtree(native_dir)
        native_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, native_dir)
        # The manifest last: a build cut short has none, and is not used.
        (native_dir / MANIFEST).write_text(json.dumps({"sources": sources, "python": sys.version}, indent=2),
                                           encoding="utf-8")
    return native_dir


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["build"]:
        print("usage: statwh.native.main(['build'])", file=sys.stderr)
        return 2
    try:
        built = build()
    except (RuntimeError, OSError, ValueError) as error:
        print(f"statwh: the compiled extractor was not built ({error}); the plain Python one will be used",
              file=sys.stderr)
        return 1
    print(f"statwh: compiled {', '.join(COMPILED)} into {built}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
