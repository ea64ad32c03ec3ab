"""Run notebooks in a fresh kernel (nbclient), for storing solution outputs and for grading."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from ..errors import CasekitError

__all__ = ["execute_in_place", "execute_notebook"]


def execute_notebook(
    nb: nbformat.NotebookNode, *, cwd: Path, timeout: int = 120, env: dict | None = None, allow_errors: bool = False
) -> nbformat.NotebookNode:
    """Execute ``nb`` with its working folder at ``cwd``; return it with outputs.

    Widget state is not stored in the notebook (it would hold every chart's
    data twice); re-running the notebook shows the widgets again.
    """
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        store_widget_state=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    # ``env`` goes to the kernel only; this process's environment is left as it is.
    client.execute(env={**os.environ, **(env or {})})
    return nb


def execute_in_place(paths: list[Path], *, timeout: int = 120) -> None:
    """Execute each notebook and save it with its outputs (``python -m casekit execute``).

    Each runs with an empty progress folder and the learner name "student",
    so the stored outputs are the same on every machine.
    """
    import tempfile

    from nbclient.exceptions import CellExecutionError
    from tqdm import tqdm

    for path in tqdm(paths, desc="executing", unit="notebook"):
        nb = nbformat.read(path, as_version=4)
        # A fresh progress folder and a fixed learner: stored outputs never show earlier answers.
        env = {
            "CASEKIT_PROGRESS_DIR": tempfile.mkdtemp(prefix="casekit-progress-"),
            "CASEKIT_LEARNER": "student",
            "CASEKIT_EXPORT_DIR": tempfile.mkdtemp(prefix="casekit-export-"),
        }
        try:
            execute_notebook(nb, cwd=path.parent, timeout=timeout, env=env)
        except CellExecutionError as exc:
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else "a cell raised"
            raise CasekitError(f"{path.name}: a cell failed ({first}); fix it and run again.") from None
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, path)
