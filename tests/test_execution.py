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

    manager_class, _ = execution._engine_classes()
    clock = _Clock()
    monkeypatch.setattr(execution.time, "monotonic", clock)
    path = tmp_path / "out.ipynb"
    manager = manager_class(nbformat.v4.new_notebook(), output_path=str(path), progress_bar=False)
    manager.save()
    assert not path.exists(), "no write within SAVE_EVERY_S of the last"
    clock.now += execution.SAVE_EVERY_S
    manager.save()
    assert path.exists()
    path.unlink()
    clock.now += 1
    manager.save()
    assert not path.exists()
    manager.save(force=True)
    assert path.exists()


def test_engine_registration_is_idempotent():
    from papermill.engines import papermill_engines

    assert execution.register_engine() == execution.ENGINE_NAME == execution.register_engine()
    assert papermill_engines.get_engine(execution.ENGINE_NAME).__name__ == "ThrottledSaveEngine"
