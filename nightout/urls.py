from django.urls import path

from nightout import views

app_name = "nightout"

urlpatterns = [
    path("night-out/", views.register, name="register"),
    path("night-out/manage/<str:token>/", views.manage, name="manage"),
    path("night-out/manage/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("officers/night-out/", views.officer_visits, name="officer_visits"),
    path("officers/night-out/sheet/", views.officer_sheet, name="officer_sheet"),
    path("officers/night-out/coordinate/", views.coordinate, name="coordinate"),
    path("officers/night-out/visits/<id:pk>/remove/", views.visit_remove, name="visit_remove"),
]
