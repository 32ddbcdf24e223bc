"""The applicant's own pages under /my/."""


app_name = "my"
urlpatterns: list = []
