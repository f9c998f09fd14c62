"""The OpenAPI document: valid OpenAPI 3, every operation with schemas and examples."""

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

EXPECTED_OPERATIONS = [
    ("/api/v1/events/", "get"),
    ("/api/v1/events/", "post"),
    ("/api/v1/events/{id}/", "get"),
    ("/api/v1/events/{id}/", "patch"),
    ("/api/v1/events/{id}/attendance/", "get"),
    ("/api/v1/events/{id}/attendance/walk-ins/", "post"),
    ("/api/v1/events/{id}/attendance/{rsvp_id}/check-in/", "delete"),
    ("/api/v1/events/{id}/attendance/{rsvp_id}/check-in/", "post"),
    ("/api/v1/events/{id}/cancel/", "post"),
    ("/api/v1/events/{id}/messages/", "get"),
    ("/api/v1/events/{id}/messages/", "post"),
    ("/api/v1/events/{id}/rsvps/", "post"),
    ("/api/v1/events/{key}/", "get"),
    ("/api/v1/events/{key}/rsvps/", "post"),
    ("/api/v1/organizations/", "get"),
    ("/api/v1/programs/", "get"),
    ("/api/v1/rsvps/{token}/", "delete"),
    ("/api/v1/rsvps/{token}/", "get"),
    ("/api/v1/rsvps/{token}/", "patch"),
    ("/api/v1/venues/", "get"),
]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert sorted((p, m) for p, m, _ in _operations(schema)) == EXPECTED_OPERATIONS


def test_every_operation_has_request_and_response_schemas_with_examples(schema):
    for path, method, operation in _operations(schema):
        where = f"{method.upper()} {path}"
        if method in {"post", "patch"} and "{rsvp_id}" not in path:
            content = operation["requestBody"]["content"]["application/json"]
            assert "$ref" in content["schema"], where
            assert content["examples"], where
        responses = operation["responses"]
        successes = [code for code in responses if code.startswith("2")]
        assert successes, where
        for code, response in responses.items():
            (media_type, content), *_ = response["content"].items()
            expected = "application/json" if code.startswith("2") else "application/problem+json"
            assert media_type == expected, (where, code)
            assert content["schema"], (where, code)
            assert content["examples"], (where, code)
        assert {"400", "404"} <= set(responses), where


def test_rsvp_post_documents_idempotency_and_throttling(schema):
    operation = schema["paths"]["/api/v1/events/{id}/rsvps/"]["post"]
    assert sorted(operation["responses"]) == [
        "201", "202", "400", "401", "403", "404", "405", "406", "409", "415", "422", "429", "503",
    ]  # fmt: skip
    assert [p["name"] for p in operation["parameters"] if p["in"] == "header"] == [
        "Idempotency-Key"
    ]
    assert operation["responses"]["429"]["headers"]["Retry-After"]["schema"] == {"type": "string"}


def test_every_operation_documents_the_503_of_an_unavailable_database(schema):
    documented = {
        f"{method.upper()} {path}": sorted(
            operation["responses"]["503"]["content"]["application/problem+json"]["examples"]
        )
        for path, method, operation in _operations(schema)
    }
    writes = {"POST", "PUT", "PATCH", "DELETE"}
    assert documented == {
        where: ["busy", "unavailable"] if where.split()[0] in writes else ["unavailable"]
        for where in documented
    }
    unavailable = schema["paths"]["/api/v1/events/"]["get"]["responses"]["503"]
    assert unavailable["headers"]["Retry-After"]["schema"] == {"type": "string"}


def test_schema_and_docs_are_served_without_any_cdn(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Porchlight API"
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert f"{settings.STATIC_URL}drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html
    bundle = client.get(
        f"{settings.STATIC_URL}drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )
    assert bundle.status_code == 200


def test_unknown_api_path_is_a_problem_not_the_html_page(client):
    response = client.get("/api/v1/nothing-here/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")
