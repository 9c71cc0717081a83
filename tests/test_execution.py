"""How the runner drives papermill: batch environment for kernels, rate-limited saves."""

from __future__ import annotations

import os

from talentlib import execution
from talentlib import market_sizing as ms
from talentlib.config import BATCH_ENV, batch_mode


def test_batch_environment_is_set_for_kernels_and_restored(monkeypatch):
    monkeypatch.delenv(BATCH_ENV, raising=False)
    assert not batch_mode()
    with execution.batch_environment():
        assert os.environ[BATCH_ENV] == "1" and batch_mode()
    assert BATCH_ENV not in os.environ
    monkeypatch.setenv(BATCH_ENV, "0")
    with execution.batch_environment():
        assert batch_mode()
    assert os.environ[BATCH_ENV] == "0", "a value set by the user is put back"


def test_widgets_are_built_interactively_and_skipped_in_batch(monkeypatch):
    params = ms.MarketSizingParams(simulations=200)
    monkeypatch.delenv(BATCH_ENV, raising=False)
    widget = ms.what_if_widget(params)
    assert type(widget).__name__ == "VBox"
    assert widget.children[1].value[:8] == b"\x89PNG\r\n\x1a\n", "the chart is drawn on first display"
    monkeypatch.setenv(BATCH_ENV, "1")
    assert ms.what_if_widget(params) is None


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_saves_are_rate_limited_but_forced_saves_always_write(tmp_path, monkeypatch):
    import nbformat

    from talentlib import papermill_engine

    manager_class, _ = papermill_engine.engine_classes()
    clock = _Clock()
    monkeypatch.setattr(papermill_engine.time, "monotonic", clock)
    path = tmp_path / "out.ipynb"
    manager = manager_class(nbformat.v4.new_notebook(), output_path=str(path), progress_bar=False)
    manager.save()
    assert not path.exists(), "no write within SAVE_EVERY_S of the last"
    clock.now += papermill_engine.SAVE_EVERY_S
    manager.save()
    assert path.exists()
    path.unlink()
    clock.now += 1
    manager.save()
    assert not path.exists()
    manager.save(force=True)
    assert path.exists()


def test_the_engine_is_registered_through_papermills_entry_point_group():
    import importlib.metadata

    from papermill.engines import papermill_engines

    from talentlib import papermill_engine

    (entry,) = [e for e in importlib.metadata.entry_points(group="papermill.engine") if e.name == "talentlib"]
    assert entry.load() is papermill_engine.ThrottledSaveEngine
    assert execution.register_engine() == execution.ENGINE_NAME
    assert papermill_engines.get_engine(execution.ENGINE_NAME) is papermill_engine.ThrottledSaveEngine


def _deferred(tmp_path, notebook_text: str):
    from talentlib.runner import NotebookResult, NotebookTask

    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "demo.ipynb").write_text(notebook_text)
    task = NotebookTask(
        scenario="s",
        notebook="demo",
        title="Demo <report>",
        params={},
        input_path="unused.ipynb",
        stage_dir=str(tmp_path),
        timeout_seconds=10,
        artifacts=(),
        meta=("scenario s",),
        render=False,
    )
    return task, NotebookResult("s", "demo", status="succeeded", duration_s=1.0, executed="demo/demo.ipynb")


def test_deferred_rendering_writes_the_report(tmp_path):
    import nbformat

    from talentlib.runner import render_report

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Findings")])
    task, result = _deferred(tmp_path, nbformat.writes(nb))
    render_report(task, result)
    assert result.status == "succeeded" and result.report == "demo/demo.html"
    html = (tmp_path / "demo" / "demo.html").read_text()
    assert "Findings" in html and "Demo &lt;report&gt;" in html
    assert result.duration_s >= 1.0


def test_deferred_rendering_failure_fails_the_notebook_and_keeps_evidence(tmp_path):
    from talentlib.runner import render_report

    task, result = _deferred(tmp_path, "{not a notebook")
    render_report(task, result)
    assert result.status == "failed" and result.error.startswith("rendering failed:")
    assert result.report == "" and result.executed == "demo/FAILED-demo.ipynb"
    assert (tmp_path / "demo" / "FAILED-demo.ipynb").is_file()
    assert not list((tmp_path / "demo").glob("*.html"))
