"""Schemathesis hooks for tests/fuzz_contract.rs (loaded through SCHEMATHESIS_HOOKS).

Schemathesis reads a request as valid when each field fits its own schema. Some of
Waypoint's rules join several fields, or depend on what is stored, so no JSON Schema
states them; the document states them in words on the operation's 400 answer, and the
server refuses a request that breaks one with a 400 `invalid-parameter` problem naming
the field. Such a refusal of a schema-valid request is expected, and only these are:
each rule is listed below with the operation and the field the problem names, so a 400
for any other field (a limit the schema could state and does not) still fails the run.
"""

import re

import schemathesis

INVALID_PARAMETER = "https://waypoint.example.org/problems/invalid-parameter"

# (method, path template) -> {field the problem names: the rule, in words}. A field in a
# list is written with `[]` for its index (`capacities[].available`).
RULES = {
    ("GET", "/hsds/services"): {
        "minimal": "`minimal` and `full` cannot both be true",
        "per_page": "at most 100 a page, or 10000 with `minimal`",
        "postcode": "a ZIP code outside the gazetteer has no centroid to measure from",
    },
    ("GET", "/hsds/service_at_locations"): {
        "proximity": "`proximity` is measured from `postcode`, so it needs one",
        "postcode": "a ZIP code outside the gazetteer has no centroid to measure from",
    },
    ("GET", "/v1/search"): {
        "open_at": "`open_now` or `open_at`, not both",
        "bbox": "a bbox, or a point with a radius, not both",
        "near": "`near`, or `lat` and `lon`, not both",
        "lat": "`lat` and `lon` go together",
        "lon": "`lat` and `lon` go together",
        "radius_km": "a radius needs a point",
        "sort": "sorting by distance needs a point",
        "starts_before": "`starts_before` is not earlier than `starts_after`",
    },
    ("GET", "/v1/capacity"): {
        "open_at": "`open_now` or `open_at`, not both",
        "bbox": "a bbox, or a point with a radius, not both",
        "near": "`near`, or `lat` and `lon`, not both",
        "lat": "`lat` and `lon` go together",
        "lon": "`lat` and `lon` go together",
        "radius_km": "a radius needs a point",
        "sort": "sorting by distance needs a point",
        "starts_before": "`starts_before` is not earlier than `starts_after`",
    },
    ("GET", "/v1/waitlists/{service_id}/entries/{id}/bridge"): {
        "near": "`near`, or `lat` and `lon`, not both",
        "lat": "`lat` and `lon` go together",
        "lon": "`lat` and `lon` go together",
        "radius_km": "a radius needs a point: `near`, or `lat` and `lon`",
    },
    ("GET", "/v1/disclosures/accounting"): {
        "from": "`from` is not after `to` (and not before three years ago, where it starts at the latest)",
    },
    ("GET", "/v1/reports/waitlist"): {
        "from": "`from` is before `to` (which defaults to now)",
    },
    ("PUT", "/v1/services/{id}/capacity"): {
        "capacities[].available": "no more available than the unit's `maximum`",
        "capacities[].unit": "each unit is given once (names compared in lower case)",
    },
    ("POST", "/v1/waitlists/{service_id}/entries"): {
        "requested_at": "a request for treatment is not in the future",
    },
    ("POST", "/v1/consents"): {
        "signed_at": "a signature is not in the future (42 CFR 2.31)",
        "expires_at": "an end date after the signature, or an `expiry_event` (42 CFR 2.31(a)(6))",
        "recipients": "a recipient partner is a provider or coordinator Waypoint has",
    },
    ("POST", "/v1/partners"): {
        "organization_ids": "only provider partners are linked to organizations, which must be loaded",
    },
    ("GET", "/v1/referrals"): {
        "client_ref": "`client_ref` filters a referrer's own clients; receivers may not",
        "cursor": "a cursor is a `next_cursor` this API gave",
    },
    ("GET", "/v1/audit"): {
        "cursor": "a cursor is a `next_cursor` this API gave",
    },
    ("POST", "/v1/referrals"): {
        "service_at_location_id": "name the service: `service_at_location_id` or `service_id`",
    },
    ("POST", "/v1/referrals/{id}/status"): {
        "outcome": "an outcome goes only with status completed",
        "reason_code": "rejected, cancelled, on-hold and failed need a reason code",
    },
    ("DELETE", "/v1/partners/{id}"): {
        "id": "an admin cannot disable its own partner",
    },
    ("POST", "/v1/waitlists/{service_id}/entries/{id}/admit"): {
        "unit": "a unit must be one the program reported",
    },
    ("POST", "/v1/waitlists/{service_id}/entries/{id}/interim-services"): {
        "what": "say what the service is, or name its listing",
        "service_at_location_id": "a listing named must be one Waypoint has",
        "started_at": "an interim service is recorded once it is made available, not ahead",
    },
    ("POST", "/v1/webhooks"): {
        "url": "its host must resolve to an address Waypoint may call",
    },
}


def problem_parameter(response):
    """The field a 400 invalid-parameter problem names, if the response is one."""
    if response.status_code != 400:
        return None
    try:
        body = response.json()
    except Exception:
        return None
    if not isinstance(body, dict) or body.get("type") != INVALID_PARAMETER:
        return None
    parameter = body.get("parameter")
    # `capacities[3].available` is the rule on `capacities[].available`.
    return re.sub(r"\[\d+\]", "[]", parameter) if isinstance(parameter, str) else parameter


def hsds_minimal_page(case):
    """HSDS defines `minimal=true` as services with just `id` and `last_modified`, while
    its own list schema requires `name` too: the answer follows the parameter."""
    minimal = str((case.query or {}).get("minimal", "")).lower() == "true"
    return case.operation.path == "/services" and minimal


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keeps every failure but a schema-valid request refused under a listed rule."""
    if failure.code == "ST108" and hsds_minimal_page(case):
        return False
    if failure.code != "ST202":
        return True
    parameter = problem_parameter(response)
    rules = RULES.get((case.operation.method.upper(), case.operation.path), {})
    # Every query text refuses a NUL byte (no stored text holds one, and PostgreSQL cannot
    # compare one): `parameter` names it, and the detail says so.
    if parameter is not None and "holds a NUL byte" in response.json().get("detail", ""):
        return False
    return parameter not in rules
