"""The examples in the docstrings of xuanren.rules run, and give what they say (python-stdnum's habit)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import xuanren.rules

MODULES = sorted(m.name for m in pkgutil.walk_packages(xuanren.rules.__path__, "xuanren.rules."))


def test_every_rules_module_is_found() -> None:
    assert {"xuanren.rules.ranks", "xuanren.rules.eligibility", "xuanren.rules.eligibility.review"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
