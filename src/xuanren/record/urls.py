from django.urls import path

from xuanren.record import views

app_name = "record"
urlpatterns = [
    path("", views.event_list, name="list"),
]
