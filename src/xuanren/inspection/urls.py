from typing import Any

app_name = "inspection"

urlpatterns: list[Any] = []
