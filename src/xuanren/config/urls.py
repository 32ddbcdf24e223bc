from django.contrib.auth import views as auth_views
from django.urls import include, path

from xuanren.accounts.views import ThrottledLoginView
from xuanren.api.urls import api
from xuanren.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("xuanren.people.urls")),
    path("users/", include("xuanren.accounts.urls")),
    path("record/", include("xuanren.record.urls")),
    path("campaigns/", include("xuanren.campaigns.urls")),
    path("my/", include("xuanren.campaigns.applicant_urls")),
    path("public/", include("xuanren.campaigns.public_urls")),
    path("scoring/", include("xuanren.scoring.urls")),
    path("judge/", include("xuanren.scoring.judge_urls")),
    path("voting/", include("xuanren.voting.urls")),
    path("vote/", include("xuanren.voting.voter_urls")),
    path("inspection/", include("xuanren.inspection.urls")),
    path("committee/", include("xuanren.committee.urls")),
    path("notices/", include("xuanren.notices.urls")),
    path("appointments/", include("xuanren.appointments.urls")),
    path("reports/", include("xuanren.reports.urls")),
    path("api/", api.urls),
]
