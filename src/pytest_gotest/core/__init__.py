"""The pure core: everything between Go and pytest that does not need pytest.

Nothing in this package (nor in ``gocov``, ``hazards`` or ``coverage``) imports ``pytest`` or
``_pytest``; ``tests/unit/test_layers.py`` derives the rule from the folder layout and checks it.
"""
