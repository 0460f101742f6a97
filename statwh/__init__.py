"""statwh: a warehouse of the statistics that documents state.

The extractor's modules run compiled where a build matching their sources exists (statwh.native).
"""
from statwh import native as _native

NATIVE: bool = _native.activate(__path__)  # whether the compiled extractor is in use
