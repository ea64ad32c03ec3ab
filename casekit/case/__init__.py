"""The data layer: a case folder found, validated against its data package and loaded as typed tables."""

from ..common.ids import split_ids
from .folder import case_folder_and_id, find_case, kit_root, read_meta
from .load import load_case
from .model import Case
from .validate import validate_case

__all__ = ["Case", "case_folder_and_id", "find_case", "kit_root", "load_case", "read_meta", "split_ids", "validate_case"]
