"""The OpenAPI schema tells a client what each operation can answer and what the answers hold: the
coded errors come from the shared plumbing (core.rest.schema), so an endpoint added tomorrow is
documented the same way; read-only fields say when they can be null or empty, as the API answers."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

METHODS = ("get", "post", "put", "patch", "delete")
ERROR = "#/components/schemas/CodedError"


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    return generated


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_operation_documents_the_coded_errors_it_can_answer(schema):
    checked = 0
    for path, method, operation in operations(schema):
        expected = {"400", "429"}
        if operation.get("security") != [{}] and path != "/api/v1/auth/token/":
            expected |= {"401", "403"}
        if "{" in path:
            expected.add("404")
        if method != "get":
            expected.add("409")
        missing = expected - set(operation["responses"])
        assert not missing, f"{method.upper()} {path} does not document {sorted(missing)}"
        for code in expected:
            body = operation["responses"][code]["content"]["application/json"]["schema"]
            assert body == {"$ref": ERROR}, (method, path, code)
        checked += 1
    assert checked > 100


def test_the_token_endpoint_needs_no_account_and_says_so(schema):
    responses = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "401" not in responses and {"400", "429"} <= set(responses)


def test_read_only_fields_admit_the_null_and_empty_values_the_api_answers(schema):
    components = schema["components"]["schemas"]
    # A city has no parent: the region's parent is null.
    assert components["Region"]["properties"]["parent"]["nullable"] is True
    # A policy copied by a bureau has no preset code: "" passes the slug's pattern.
    assert components["QuotaPolicy"]["properties"]["preset"]["pattern"].startswith("^$|")
    # An application awaiting its opinion has none: "" is among the opinion's values.
    opinion = components["Application"]["properties"]["opinion"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in opinion["oneOf"]


def test_page_size_is_documented_with_the_bounds_it_is_checked_against(schema):
    parameters = schema["paths"]["/api/v1/organizations/"]["get"]["parameters"]
    (page_size,) = [parameter for parameter in parameters if parameter["name"] == "page_size"]
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}


def test_an_empty_filter_value_is_documented_as_the_no_filter_it_is(schema, personas):
    (state,) = [
        parameter
        for parameter in schema["paths"]["/api/v1/event-reports/"]["get"]["parameters"]
        if parameter["name"] == "state"
    ]
    assert state["allowEmptyValue"] is True and "" in state["schema"]["enum"]
    api = APIClient()
    api.force_authenticate(personas["street_a"])
    assert api.get("/api/v1/event-reports/", {"state": ""}).status_code == 200
