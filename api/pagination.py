"""Page numbers for every list (`?page=`, `?page_size=` up to 100)."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["next"]["example"] = (
            "https://events.example.gov/api/v1/events/?page=3"
        )
        paginated["properties"]["previous"]["example"] = (
            "https://events.example.gov/api/v1/events/?page=1"
        )
        return paginated
