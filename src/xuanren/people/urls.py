from django.urls import path

from xuanren.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("units/", views.unit_list, name="units"),
    path("import/", views.person_import, name="import"),
    path("import/template/", views.person_import_template, name="template"),
    path("export/", views.person_export, name="export"),
]
