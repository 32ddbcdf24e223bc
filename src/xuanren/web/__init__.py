"""The UI shell: layout, navigation by role, home page, language switch, shared template tags."""
