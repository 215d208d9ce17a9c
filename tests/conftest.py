from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-seeds", action="store_true",
                     help="rewrite tests/seeds/*.expected.yaml from the current findings (review the diff!)")


@pytest.fixture(scope="session")
def rules():
    from checker.packs import resolve

    return resolve(["default"])[1]


@pytest.fixture(scope="session")
def update_seeds(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-seeds"))
