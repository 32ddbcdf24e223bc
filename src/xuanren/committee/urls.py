from typing import Any

app_name = "committee"

urlpatterns: list[Any] = []
