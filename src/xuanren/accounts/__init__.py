"""Users, their roles, and who may do what (the role matrix in ``roles.py``)."""
