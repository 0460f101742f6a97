"""pandera contracts for the frames that reach the warehouse."""
from schemas.documents import DocumentFrame
from schemas.statistics import StatisticFrame
from schemas.validate import Quarantined, row_json, validate_frame

__all__ = ["DocumentFrame", "Quarantined", "StatisticFrame", "row_json", "validate_frame"]
