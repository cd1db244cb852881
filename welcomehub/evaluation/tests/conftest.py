from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from welcomehub.evaluation.tests.support import Evaluation, build_evaluation


@pytest.fixture(autouse=True)
def _evidence_dir(settings: Any, tmp_path: Any) -> None:
    settings.WELCOMEHUB_EVIDENCE_DIR = str(tmp_path / "evidence")


@pytest.fixture
def evaluation(world: World) -> Evaluation:
    return build_evaluation(world)
