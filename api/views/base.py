"""The base of Porchlight's API views, and the answer for an unknown API path."""

from rest_framework import exceptions
from rest_framework.views import APIView

from api.parsers import bad_string


class ApiView(APIView):
    """Base of Porchlight's API views: query parameters are checked like JSON strings."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for key, values in request.query_params.lists():
            if bad_string(key) or any(bad_string(value) for value in values):
                raise exceptions.ValidationError(
                    {key if not bad_string(key) else "query": ["Contains a NUL character."]}
                )


class ApiNotFound(ApiView):
    """Any other path under /api/v1/: a problem, not the site's HTML 404 page."""

    schema = None  # not an endpoint

    def _not_found(self, request, *args, **kwargs):
        raise exceptions.NotFound("No such API endpoint. See /api/docs/.")

    get = post = put = patch = delete = head = options = _not_found
