from django.urls import path

from xuanren.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="users"),
    path("new/", views.user_create, name="user_create"),
    path("<int:pk>/roles/", views.user_roles, name="user_roles"),
]
