"""The base of Porchlight's API views, and the answer for an unknown API path."""

from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.views import APIView

from api.parsers import bad_string


class ApiView(APIView):
    """Base of Porchlight's API views: the Authorization header must be readable text, and
    query parameters are checked like JSON strings."""

    def perform_authentication(self, request):
        # WSGI hands headers over as latin-1; knox decodes the token as UTF-8 and would
        # raise UnicodeDecodeError (a 500) on any other byte. A token is plain ASCII.
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.isascii() or not header.isprintable():
            raise exceptions.AuthenticationFailed(
                gettext("The Authorization header is not readable text.")
            )
        super().perform_authentication(request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for key, values in request.query_params.lists():
            if bad_string(key) or any(bad_string(value) for value in values):
                raise exceptions.ValidationError(
                    {
                        key if not bad_string(key) else "query": [
                            gettext("Contains a NUL character.")
                        ]
                    }
                )


class ApiNotFound(ApiView):
    """Any other path under /api/v1/: a problem, not the site's HTML 404 page."""

    schema = None  # not an endpoint

    def _not_found(self, request, *args, **kwargs):
        raise exceptions.NotFound(gettext("No such API endpoint. See /api/docs/."))

    get = post = put = patch = delete = head = options = _not_found
