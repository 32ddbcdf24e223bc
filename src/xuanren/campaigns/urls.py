"""The organiser's and reviewer's pages under /campaigns/."""


app_name = "campaigns"
urlpatterns: list = []
