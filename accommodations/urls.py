from django.urls import path

from accommodations import views

app_name = "accommodations"

urlpatterns = [
    path("officers/accommodations/<id:pk>/decide/", views.decide, name="decide"),
]
