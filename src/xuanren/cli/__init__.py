"""The ``xuanren`` command line: the organiser's batch work, calling the same actions as the UI."""
