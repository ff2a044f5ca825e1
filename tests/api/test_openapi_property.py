"""schemathesis against the OpenAPI description of a live server: generated requests for every route
(valid and invalid parameters, odd strings, bodies) never get a 5xx, and every error has the one
error shape."""
from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from schemathesis.generation import GenerationMode

# Generated cases per route and mode: enough to reach the odd corners (empty strings, unicode, huge
# numbers, missing fields) while keeping the run to about a minute on a laptop.
EXAMPLES = 25


def _operations(live) -> list:
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    return [r.ok() for r in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_on_any_route(live, mode):
    ops = _operations(live)
    assert {op.label for op in ops} >= {"GET /api/events", "POST /api/extract", "GET /api/dyads/{a}/{b}/series"}
    tested = []
    for op in ops:
        @hypothesis.settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                             suppress_health_check=list(hypothesis.HealthCheck))
        @hypothesis.given(case=op.as_strategy(generation_mode=mode))
        def check(case):
            response = case.call(timeout=60)
            assert response.status_code < 500, (op.label, case.path_parameters, case.query, response.text[:300])
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"} and body["error"]["status"] == response.status_code, body

        try:
            check()
            tested.append(op.label)
        except hypothesis.errors.Unsatisfiable:
            # a route whose parameters take any string (or none) has no invalid request to generate
            assert mode == GenerationMode.NEGATIVE, op.label
    assert len(tested) >= (len(ops) if mode == GenerationMode.POSITIVE else 6), tested
