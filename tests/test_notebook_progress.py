"""Progress in Jupyter: a notebook executed by a real kernel (nbclient, ipykernel).

The wait shows one display that updates in place (the status, then the summary) and
the job's log lines as plain output below it, and writes nothing to stderr (Jupyter
shows stderr as red boxes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

REPO = Path(__file__).parents[1]

CELL = """\
from sagemaker_typed.testing import (
    FakeClock,
    local_sagemaker,
    plan_training_job,
    write_training_log,
)
from tests.requests import training_job_request

with local_sagemaker(clock=FakeClock()) as sm:
    plan_training_job("notebook-job", final_metrics={"validation:rmse": 0.25})
    sm.create_training_job(training_job_request("notebook-job"))
    write_training_log("notebook-job", "algo-1", ["epoch 1 loss=0.5"])
    job = sm.wait_for_training_job("notebook-job", progress=True, logs=True)
print(job.training_job_status)
"""


def test_a_wait_in_a_notebook_updates_one_display_and_prints_no_stderr() -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
    )
    client.execute()
    outputs = notebook.cells[0].outputs
    assert not [o for o in outputs if o.output_type == "error"], outputs
    assert not [o for o in outputs if o.get("name") == "stderr"], outputs
    displays = [o for o in outputs if o.output_type == "display_data"]
    assert len(displays) == 1, displays  # one display, updated in place
    shown = displays[0].data["text/plain"]
    assert "Completed / Completed" in shown
    assert "Final metrics:" in shown  # the summary replaced the status lines' display
    assert "validation:rmse" in shown
    assert "<b>training job notebook-job</b>" in displays[0].data["text/html"]
    printed = "".join(o.text for o in outputs if o.get("name") == "stdout")
    # The log lines, as plain output: the scripted one, then the job's own.
    assert printed.startswith("epoch 1 loss=0.5\nTraining started on algo-1 (host 1 of 1)\n")
    assert "Reporting training SUCCESS" in printed
    assert printed.rstrip().endswith("Completed")
