from django.http import JsonResponse
from django.urls import include, path


def bare(request):
    """The floor: Django's request/response cycle and middleware, no database, no DRF."""
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("config.urls")),
]
