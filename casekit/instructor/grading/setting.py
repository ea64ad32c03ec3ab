"""What every notebook of one grading run is graded with: the kit, its case and exercises, the sandbox, limits, weights and answer slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...case.folder import case_folders
from ...case.load import load_case
from ...case.model import Case
from ...checks.registry import find_exercise, registry
from .points import read_weights
from .run.sandbox import Sandbox
from .written.answers import Slot, slots_for

__all__ = ["Setting"]


@dataclass(frozen=True)
class Setting:
    """What every notebook of a run is graded with; built whole by :meth:`for_kit` and never changed after."""

    kit: Path
    case: Case  # the kit's main case
    sandbox: Sandbox
    timeout: float = 60
    lessons: list[str] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)  # every case's exercise ids, in registry order
    kinds: dict[str, str] = field(default_factory=dict)  # exercise id -> its check kind
    owners: dict[str, Case] = field(default_factory=dict)  # exercise id -> the case that registers it
    slots: dict[str, list[Slot]] = field(default_factory=dict)  # lesson -> its written-answer slots
    weights: dict[str, float] = field(default_factory=dict)  # exercise or answer id -> its points
    data: Path | None = None  # the data/ folder judged by: a copy taken before the run (None: the kit's own)
    _entries: dict[str, dict] = field(default_factory=dict, compare=False, repr=False)  # registry entries, read once each

    @classmethod
    def for_kit(cls, kit: Path, *, sandbox: Sandbox, lessons: list[str], timeout: float = 60, data: Path | None = None) -> Setting:
        """The setting of ``kit``: exercises, kinds and cases of every case folder of its data/, answer slots and weights.

        ``data`` is the data folder to judge by (a copy of the kit's, taken before the run); default the kit's own.
        GradeError when ``grading.toml`` has a bad weight or names an unknown id.
        """
        data_dir = Path(data) if data is not None else kit / "data"
        ids, kinds, owners = [], {}, {}
        for folder in case_folders(data_dir):
            table = registry(case=folder)
            case = load_case(folder, validate=False)
            for i, k in zip(table["id"], table["kind"]):
                if isinstance(i, str) and i not in owners:
                    ids.append(i)
                    kinds[i] = str(k)
                    owners[i] = case
        text = [e for e, k in kinds.items() if k == "text"]
        slots = {name: slots_for(kit, name, text) for name in lessons}
        answer_ids = [s.answer for lesson_slots in slots.values() for s in lesson_slots]
        weights = read_weights(data_dir, known=ids + answer_ids)
        main = load_case(data_dir, validate=False)
        return cls(kit, main, sandbox, timeout, list(lessons), ids, kinds, owners, slots, weights, data_dir)

    @property
    def data_dir(self) -> Path:
        """The data folder the run judges by and copies into each kernel's kit."""
        return self.data if self.data is not None else self.kit / "data"

    def case_of(self, exercise: str) -> Case:
        """The case whose registry holds ``exercise`` (the main case for an id no case registers)."""
        return self.owners.get(exercise, self.case)

    def all_slots(self) -> list[Slot]:
        """Every lesson's written-answer slots."""
        return [s for lesson_slots in self.slots.values() for s in lesson_slots]

    def exercise(self, exercise: str) -> dict:
        """The exercise's registry entry (its kind, hints), or an empty one for an id no case registers."""
        if exercise not in self._entries:
            ex, _problem = find_exercise(exercise, self.case_of(exercise))
            self._entries[exercise] = ex or {}
        return self._entries[exercise]
