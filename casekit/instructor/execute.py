"""Run notebooks in a fresh kernel (nbclient): the solutions' stored outputs and the website's pages.

``python -m casekit execute`` (``execute_in_place``) stores each solution's
outputs as a newcomer gets them; the website runs its notebooks with static
output (``execute_fresh``, from ``instructor/site/pages.py``). Grading does not
come here: it runs each handed-in notebook in its own sandboxed kernel
(``instructor/grading/runner.py``). The kernel talks over local sockets in a
private folder, never over TCP ports.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat

from ..case.folder import CASES_FILE, searched
from ..errors import CasekitError

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the colours of a traceback

__all__ = ["execute_fresh", "execute_in_place", "execute_notebook"]


def execute_notebook(
    nb: nbformat.NotebookNode, *, cwd: Path, timeout: int = 120, env: dict | None = None, allow_errors: bool = False
) -> nbformat.NotebookNode:
    """Execute ``nb`` with its working folder at ``cwd``; return it with outputs.

    Widget state is not stored in the notebook (it would hold every chart's
    data twice); re-running the notebook shows the widgets again. The kernel
    talks to this process over local sockets in a private temporary folder,
    not over TCP ports that any program on the machine could reach.
    """
    import tempfile

    from nbclient import NotebookClient
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="casekit-kernel-") as sockets:
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(sockets) / "k")
        client = NotebookClient(
            nb,
            config=config,
            kernel_name="python3",
            timeout=timeout,
            allow_errors=allow_errors,
            store_widget_state=False,
            resources={"metadata": {"path": str(cwd)}},
        )
        # ``env`` goes to the kernel only; this process's environment is left as it is.
        client.execute(env={**os.environ, **(env or {})})
    return nb


def execute_fresh(nb: nbformat.NotebookNode, *, path: Path, timeout: int = 120, env: dict | None = None) -> nbformat.NotebookNode:
    """Execute the notebook read from ``path`` as a newcomer would: an empty progress folder, the learner "student".

    The stored outputs are then the same on every machine and never show earlier
    answers. Raises CasekitError (one sentence naming the notebook) when a cell fails.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="casekit-run-") as tmp:
        fresh = {"CASEKIT_PROGRESS_DIR": str(Path(tmp) / "progress"), "CASEKIT_EXPORT_DIR": str(Path(tmp) / "export")}
        for folder in fresh.values():
            Path(folder).mkdir()
        try:
            return execute_notebook(nb, cwd=path.parent, timeout=timeout, env={**fresh, "CASEKIT_LEARNER": "student", **(env or {})})
        except Exception as exc:  # noqa: BLE001 - one sentence naming the notebook, whatever nbclient raised
            last = ANSI.sub("", (str(exc).strip().splitlines() or [type(exc).__name__])[-1])
            outside = "" if _in_a_kit(path.parent) else f" It ran outside the kit: from {path.parent.resolve()} it {searched(path.parent)}."
            msg = (
                f"{path.parent.name}/{path.name}: a cell failed ({last}); run it in JupyterLab to see the whole error, fix it, and run again."
                + outside
            )
            raise CasekitError(msg) from None


def _in_a_kit(folder: Path) -> bool:
    """Whether a kit's data/ (a case folder, or one naming its main case) is in ``folder`` or a folder above it."""
    folder = folder.resolve()
    return any((f / "data" / CASES_FILE).is_file() or (f / "data" / "datapackage.json").is_file() for f in (folder, *folder.parents))


def execute_in_place(paths: list[Path], *, timeout: int = 120) -> None:
    """Execute each notebook afresh (``execute_fresh``) and save it with its outputs (``python -m casekit execute``)."""
    from tqdm import tqdm

    for path in tqdm(paths, desc="executing", unit="notebook"):
        nb = nbformat.read(path, as_version=4)
        execute_fresh(nb, path=path, timeout=timeout)
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, path)
