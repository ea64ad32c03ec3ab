"""Running a notebook afresh (``casekit execute``, ``make solutions``, the website): a private kernel, a newcomer's folders."""

from __future__ import annotations

import re

import nbformat
import pytest

from casekit.errors import CasekitError
from casekit.instructor.execute import execute_fresh

PROBE = """import os
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
print(app.transport, os.environ['CASEKIT_LEARNER'], sorted(os.listdir(os.environ['CASEKIT_PROGRESS_DIR'])))"""


def _notebook(tmp_path, *cells: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return nb, path


@pytest.mark.integration
def test_the_kernel_talks_over_private_local_sockets_as_a_newcomer(tmp_path):
    nb, path = _notebook(tmp_path, PROBE)
    execute_fresh(nb, path=path)
    assert nb.cells[0].outputs[0]["text"].split() == ["ipc", "student", "[]"]
    assert not list(tmp_path.glob("k-*")) and not list(tmp_path.glob("kernel-ipc*")), "no socket files beside the notebook"


@pytest.mark.integration
def test_a_failing_cell_is_one_sentence_naming_the_notebook(tmp_path):
    nb, path = _notebook(tmp_path, "x = 1", "1 / 0")
    with pytest.raises(CasekitError, match=r"probe\.ipynb: a cell failed \(ZeroDivisionError: division by zero\); run it in JupyterLab"):
        execute_fresh(nb, path=path)


@pytest.mark.integration
def test_a_notebook_outside_the_kit_that_needs_a_case_says_which_data_folders_were_searched(tmp_path):
    nb, path = _notebook(tmp_path, "from casekit import load_case\ncase = load_case()")
    with pytest.raises(CasekitError) as caught:
        execute_fresh(nb, path=path)
    message = str(caught.value)
    assert "probe.ipynb: a cell failed (CaseError: no case folder found: looked for data/ in " in message
    assert (
        f"It ran outside the kit: from {tmp_path.resolve()} it looked for data/ in {tmp_path.resolve()} and each folder above it" in message
    )


def test_the_case_search_names_the_data_folders_it_looked_in(tmp_path, monkeypatch):
    from casekit.case.folder import find_case

    (tmp_path / "data").mkdir()
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.delenv("CASEKIT_CASE", raising=False)
    with pytest.raises(CasekitError, match=re.escape(f"no case folder found: looked in {tmp_path.resolve() / 'data'} (from ")):
        find_case()
