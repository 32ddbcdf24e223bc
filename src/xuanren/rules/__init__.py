"""The pure core: the rules of selection and appointment as plain typed functions.

Nothing here imports Django, touches a database or a file, or reads the clock: time is an argument.
Every module has the same face (see docs/rules.md): frozen dataclasses in, frozen dataclasses out, a
:class:`~xuanren.rules.messages.Message` that says why, and :class:`~xuanren.rules.errors.RuleError`
for input that cannot be judged at all. ``tests/rules/test_purity.py`` checks the no-Django contract.
"""
