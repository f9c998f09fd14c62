from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.data_request, name="request"),
    path("data/<str:token>/", views.data_view, name="data"),
    path("data/<str:token>/download/", views.data_download, name="download"),
    path("data/<str:token>/delete/", views.data_delete_view, name="delete"),
]
