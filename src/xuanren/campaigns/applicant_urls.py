"""The applicant's own pages under /my/.

``apply`` and ``withdraw`` each have a page without an id (choose a campaign; choose an application to
withdraw) and one with it (the form; the confirmation), under the same name.
"""

from django.urls import path

from xuanren.campaigns.views import applicant as views

app_name = "my"
urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
