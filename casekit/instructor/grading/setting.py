"""What every notebook of one grading run is graded with: the kit, its case and exercises, the sandbox, limits, weights and answer slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...case.folder import case_folders
from ...case.load import load_case
from ...case.model import Case
from ...checks.references import build_reference
from ...checks.registry import find_exercise, registry
from .run.sandbox import Sandbox

__all__ = ["Setting"]


@dataclass
class Setting:
    """What every notebook of a run is graded with: the kit, its case and exercises, the sandbox and limits."""

    kit: Path
    timeout: float = 60
    lessons: list[str] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    case: Case | None = None
    sandbox: Sandbox | None = None
    seed_cache: Path | None = None
    workdir: Path | None = None
    weights: dict[str, float] = field(default_factory=dict)
    slots: dict[str, list] = field(default_factory=dict)
    owners: dict[str, Case] = field(default_factory=dict)  # exercise id -> the case that registers it
    _specs: dict[str, dict | None] = field(default_factory=dict)

    @classmethod
    def for_kit(cls, kit: Path, **kw) -> Setting:
        """A setting whose exercises, kinds and cases are read from ``kit`` (every case folder of its data/)."""
        ids, kinds, owners = [], {}, {}
        for folder in case_folders(kit / "data"):
            table = registry(case=folder)
            case = load_case(folder, validate=False)
            for i, k in zip(table["id"], table["kind"]):
                if isinstance(i, str) and i not in owners:
                    ids.append(i)
                    kinds[i] = str(k)
                    owners[i] = case
        kw.setdefault("case", load_case(kit / "data", validate=False))
        return cls(kit=kit, registered=ids, kinds=kinds, owners=owners, **kw)

    def case_of(self, exercise: str) -> Case | None:
        """The case whose registry holds ``exercise`` (the main case for an id no case registers)."""
        return self.owners.get(exercise, self.case)

    def spec(self, exercise: str) -> dict | None:
        """The exercise's reference (for wording feedback without the key), built once per run."""
        if exercise not in self._specs:
            ex, _problem = find_exercise(exercise, self.case_of(exercise))
            try:
                self._specs[exercise] = build_reference(self.case_of(exercise), ex) if ex else None
            except Exception:  # noqa: BLE001 - a broken entry gives no spec; the feedback then says less
                self._specs[exercise] = None
        return self._specs[exercise]
