"""The OpenAPI document matches the URL map, both ways (helpboard.api.openapi)."""

import re

from werkzeug.routing.rules import parse_converter_args

PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>.*?)\))?:)?(?P<name>\w+)>")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def openapi_paths(rule: str) -> list[str]:
    """Spell a Flask rule as OpenAPI paths: ``<int:post_id>`` → ``{post_id}``, one per any()."""
    match = PLACEHOLDER.search(rule)
    if match is None:
        return [rule]
    head, tail = rule[:match.start()], rule[match.end():]
    if match["converter"] == "any":
        values, _ = parse_converter_args(match["args"])
        return [path for value in values for path in openapi_paths(head + value + tail)]
    return openapi_paths(f"{head}{{{match['name']}}}{tail}")


def api_operations(app) -> set[tuple[str, str]]:
    return {(path, method.lower()) for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/v1")
            for path in openapi_paths(rule.rule)
            for method in rule.methods - IGNORED_METHODS}


def documented_operations(document) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items()
            for method in item if method in {"get", "put", "post", "patch", "delete"}}


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolve(document, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_the_document_is_openapi_3_1_and_open_to_all(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    assert response.json["openapi"].startswith("3.1")
    assert response.json["info"]["title"]


def test_the_spelling_of_flask_rules_as_openapi_paths():
    assert openapi_paths("/api/v1/posts/<int:post_id>") == ["/api/v1/posts/{post_id}"]
    assert openapi_paths("/b/<slug>/x/<any(a, 'b-c'):what>") == ["/b/{slug}/x/a", "/b/{slug}/x/b-c"]


def test_every_api_route_is_documented(app, client):
    document = client.get("/api/v1/openapi.json").json
    missing = api_operations(app) - documented_operations(document)
    assert not missing, f"add these to helpboard/api/openapi.py: {sorted(missing)}"


def test_every_documented_path_exists(app, client):
    document = client.get("/api/v1/openapi.json").json
    extra = documented_operations(document) - api_operations(app)
    assert not extra, f"documented but not served: {sorted(extra)}"


def test_every_reference_in_the_document_resolves(client):
    document = client.get("/api/v1/openapi.json").json
    for ref in set(refs(document)):
        assert ref.startswith("#/"), ref
        assert resolve(document, ref) is not None, ref


def test_every_path_parameter_is_described(client):
    document = client.get("/api/v1/openapi.json").json
    for path, item in document["paths"].items():
        for method, operation in item.items():
            named = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert named == set(re.findall(r"{(\w+)}", path)), (method, path)
            assert operation["responses"], (method, path)
