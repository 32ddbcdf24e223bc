"""The examples in the tally's docstrings are executable, and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["", ".ballots", ".counting", ".explain", ".meeting", ".weights", ".recommendation", ".evaluation",
           ".elements"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module("xuanren.rules.tally" + name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
