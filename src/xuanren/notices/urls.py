from typing import Any

app_name = "notices"

urlpatterns: list[Any] = []
