"""The OpenAPI side of problems (the Problem schema and the hook that documents them), and
of the answers' language (Content-Language)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.examples import PROBLEM_EXAMPLES, UNAVAILABLE_EXAMPLE
from api.problems import PROBLEM_CONTENT_TYPE


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem: what went wrong, and for bad input which fields."""

    type = serializers.CharField(help_text=_("A URN naming the kind of problem."))
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text=_("What went wrong, in words for a person."))
    code = serializers.CharField(help_text=_("Stable machine-readable code."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Messages per input field (400 only)."),
    )


_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "string"},
    }
}


_CONTENT_LANGUAGE = {
    "Content-Language": {
        "description": "The language of the texts in this answer (`?lang=`, else "
        "Accept-Language; `en` for one Porchlight does not have). A text missing in it is "
        "given in English: each event's `language` says which it is in.",
        "schema": {"type": "string", "example": "es"},
    }
}


def _document_content_language(operation: dict) -> None:
    if not any(p.get("name") == "lang" for p in operation.get("parameters", [])):
        return
    for code, response in operation.get("responses", {}).items():
        if code.startswith("2"):
            response.setdefault("headers", {}).update(_CONTENT_LANGUAGE)


def schema_add_problems(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the problem answers of every operation,
    and the Content-Language of the answers of those that take `?lang=`.

    Every operation may answer 400 (bad query or body), 401 (a bad token), 404, 405, 406,
    429 (too many bad tokens from one address) and 503 (the database is unavailable); writes
    also 403, 409, 415 and 503 "busy"; the operations that say so in their `x-problems`
    extension add more (422 on the RSVP post).
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = {
        "type": "object",
        "description": ProblemSerializer.__doc__,
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "code": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["type", "title", "status", "detail", "code"],
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            _document_content_language(operation)
            write = method in {"post", "put", "patch", "delete"}
            codes = {400, 401, 404, 405, 406, 429, 503}
            if write:
                codes |= {403, 409, 415}
            codes |= set(operation.pop("x-problems", []))
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                if str(code) in responses:
                    continue
                examples = [PROBLEM_EXAMPLES[code]]
                if code == 503:
                    examples = [UNAVAILABLE_EXAMPLE, *(examples if write else [])]
                responses[str(code)] = {
                    "description": " / ".join(example["title"] for example in examples),
                    "content": {
                        PROBLEM_CONTENT_TYPE: {
                            "schema": {"$ref": "#/components/schemas/Problem"},
                            "examples": {e["code"]: {"value": e} for e in examples},
                        }
                    },
                    **({"headers": _RETRY_AFTER} if code in {429, 503} else {}),
                }
    return result


def problem_codes(*codes: int) -> dict:
    """extend_schema(extensions=problem_codes(422, 429)): more problems this operation gives."""
    return {"x-problems": list(codes)}
