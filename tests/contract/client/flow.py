"""A whole referral flow through a client generated from Waypoint's OpenAPI document.

tests/generated_client.rs generates the package `waypoint_client` from the served
/openapi.json (openapi-python-client), puts it on PYTHONPATH and runs this script against
the same server:

    python3 flow.py BASE_URL

with the keys of the partners it made in WAYPOINT_REFERRER_KEY, WAYPOINT_PROVIDER_KEY and
WAYPOINT_COORDINATOR_KEY (environment, not arguments, so no process list shows them), the
program to look for in WAYPOINT_FLOW_PROGRAM and the place to search near in
WAYPOINT_FLOW_NEAR. Every call goes through the generated functions and models; each step
checks what a caller sees (values, statuses, order), and the first wrong answer ends the
script with a non-zero status naming the step.
"""

import datetime
import os
import sys
import uuid

from waypoint_client import AuthenticatedClient, Client
from waypoint_client.api.partners import me
from waypoint_client.api.referrals import (
    add_referral_note,
    change_referral_status,
    create_consent,
    create_referral,
    disclosure_accounting,
    list_disclosures,
    list_referral_notes,
    list_referrals,
    read_referral,
    referral_events,
)
from waypoint_client.api.search import search
from waypoint_client.api.waitlists import create_entry, get_entry, list_entries
from waypoint_client.models import (
    Accounting,
    ClassRecipient,
    Client as ReferredClient,
    ConsentRequest,
    ConsentView,
    CreateReferral,
    Disclosure,
    Element,
    Enrollment,
    Entry,
    NewEntryBody,
    NewNote,
    Note,
    Outcome,
    Partner,
    Priority,
    PriorityClass,
    RecipientClass,
    Referral,
    ReferralEvent,
    ReferralPage,
    Role,
    SearchCategoryItem,
    SearchPage,
    SearchSort,
    Status,
    StatusChange,
    WaitlistClient,
)
from waypoint_client.types import Response, Unset

CATEGORY = "substance-use-treatment"
NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
PURPOSE = "referral for substance use treatment"
TEXTS = {
    "referrer": "Jordan prefers a call in the morning.",
    "provider": "Intake booked for Tuesday at 10:00.",
}


def check(condition, what):
    """Ends the flow, naming what was wrong, when `condition` does not hold."""
    if not condition:
        raise AssertionError(what)


def answered(response: Response, status: int, model, step: str):
    """The parsed body of `response`, which must have `status` and parse as `model`."""
    check(
        response.status_code == status,
        f"{step}: HTTP {int(response.status_code)}, not {status}: {response.content[:500]!r}",
    )
    parsed = response.parsed
    if isinstance(model, tuple):  # a list of `model[0]`
        check(isinstance(parsed, list), f"{step}: not a list: {parsed!r}")
        check(
            all(isinstance(p, model[0]) for p in parsed),
            f"{step}: not a list of {model[0].__name__}: {parsed!r}",
        )
    else:
        check(isinstance(parsed, model), f"{step}: not a {model.__name__}: {parsed!r}")
    return parsed


def as_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def main() -> None:
    base = sys.argv[1]
    program = os.environ["WAYPOINT_FLOW_PROGRAM"]
    near = os.environ["WAYPOINT_FLOW_NEAR"]

    def partner(variable: str) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=base, token=os.environ[variable], raise_on_unexpected_status=True
        )

    public = Client(base_url=base, raise_on_unexpected_status=True)
    referrer = partner("WAYPOINT_REFERRER_KEY")
    provider = partner("WAYPOINT_PROVIDER_KEY")
    coordinator = partner("WAYPOINT_COORDINATOR_KEY")

    who = {}
    for name, caller, role in [
        ("referrer", referrer, Role.REFERRER),
        ("provider", provider, Role.PROVIDER),
        ("coordinator", coordinator, Role.COORDINATOR),
    ]:
        p = answered(me.sync_detailed(client=caller), 200, Partner, f"{name}: me")
        check(p.role == role, f"{name}: role {p.role}")
        who[name] = p
    print(f"partners: {', '.join(f'{k} {v.name}' for k, v in who.items())}")

    # 1. A peer worker searches for treatment near a place: nearest first, all treatment.
    page = answered(
        search.sync_detailed(
            client=public,
            near=near,
            category=[SearchCategoryItem(CATEGORY)],
            sort=SearchSort.DISTANCE,
        ),
        200,
        SearchPage,
        "search",
    )
    check(page.total_items >= 1 and page.contents, f"search: nothing near {near}")
    distances = [item.distance_km for item in page.contents]
    check(
        all(isinstance(d, float) for d in distances) and distances == sorted(distances),
        f"search: not nearest first: {distances}",
    )
    check(
        all(CATEGORY in item.categories for item in page.contents),
        f"search: a result outside {CATEGORY}",
    )
    found = [item for item in page.contents if item.name == program]
    check(found, f"search: {program} is not among {[i.name for i in page.contents]}")
    listing = found[0]
    check(
        listing.organization.id in who["provider"].organization_ids,
        "search: the program is not the provider's",
    )
    print(f"search: {program} is result {page.contents.index(listing) + 1} of {page.total_items}, "
          f"{listing.distance_km:.1f} km from {near}")

    # 2. The referrer records Jordan's consent, with the §2.31 elements.
    reference = f"jordan-{uuid.uuid4().hex[:8]}"
    elements = [Element.NAME, Element.DATE_OF_BIRTH, Element.PHONE, Element.REASON, Element.NOTES]
    consent = answered(
        create_consent.sync_detailed(
            client=referrer,
            body=ConsentRequest(
                client_reference=reference,
                disclosing_party=who["referrer"].name,
                recipients=[ClassRecipient(class_=RecipientClass.TREATING_PROVIDERS)],
                information="name, date of birth, phone, reason for referral, notes",
                elements=elements,
                purpose=PURPOSE,
                expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc),
                signed_at=datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.timezone.utc),
                revocation="tell the clinic in writing or by phone",
            ),
        ),
        201,
        ConsentView,
        "consent",
    )
    check(consent.state == "active", f"consent: state {consent.state}")
    check(sorted(consent.elements) == sorted(elements), f"consent: elements {consent.elements}")
    check(
        [type(r) for r in consent.recipients] == [ClassRecipient],
        f"consent: recipients {consent.recipients}",
    )
    print(f"consent: {consent.id} ({', '.join(e.value for e in consent.elements)})")

    # 3. The referrer refers Jordan, under an Idempotency-Key; a repeat replays the answer.
    body = CreateReferral(
        service_at_location_id=listing.id,
        client=ReferredClient(
            reference=reference,
            name="Jordan Example",
            date_of_birth=datetime.date(1990, 2, 3),
            phone="555-0142",
            preferred_language="en",
        ),
        reason="wants outpatient treatment with buprenorphine",
        priority=Priority.URGENT,
        consent_id=consent.id,
    )
    key = str(uuid.uuid4())
    made = answered(
        create_referral.sync_detailed(client=referrer, body=body, idempotency_key=key),
        201,
        Referral,
        "referral",
    )
    check(made.status == Status.REQUESTED, f"referral: status {made.status}")
    check(made.receiver_ids == [who["provider"].id], f"referral: receivers {made.receiver_ids}")
    check(made.client.name == "Jordan Example", f"referral: client {made.client}")
    check(made.notice == NOTICE and made.consent_id == consent.id, "referral: notice and consent")
    again = create_referral.sync_detailed(client=referrer, body=body, idempotency_key=key)
    replay = answered(again, 201, Referral, "referral replay")
    check(replay.id == made.id, "referral replay: another referral was made")
    check(again.headers.get("Idempotency-Replayed") == "true", "referral replay: not marked")
    print(f"referral: {made.id} requested; the repeat replayed it")

    # 4. The provider finds it among those it receives, reads it and accepts it.
    received = answered(
        list_referrals.sync_detailed(client=provider), 200, ReferralPage, "received list"
    )
    mine = [s for s in received.items if s.id == made.id]
    check(len(mine) == 1, f"received list: {[s.id for s in received.items]}")
    check(mine[0].status == Status.REQUESTED, f"received list: status {mine[0].status}")
    check(mine[0].priority is Priority.URGENT, f"received list: priority {mine[0].priority!r}")
    check(mine[0].service_name == program, f"received list: service {mine[0].service_name}")
    check(mine[0].referrer_name == who["referrer"].name, "received list: referrer name")
    seen = answered(
        read_referral.sync_detailed(made.id, client=provider), 200, Referral, "provider read"
    )
    check(seen.client.name == "Jordan Example", f"provider read: client {seen.client}")
    check(seen.client.phone == "555-0142", "provider read: phone")
    check(seen.reason == body.reason, f"provider read: reason {seen.reason}")
    check(isinstance(seen.received_at, str), "provider read: received_at not set")
    check(seen.notice == NOTICE, "provider read: no §2.32 notice")
    accepted = answered(
        change_referral_status.sync_detailed(
            made.id, client=provider, body=StatusChange(status=Status.ACCEPTED)
        ),
        200,
        Referral,
        "accept",
    )
    check(accepted.status == Status.ACCEPTED, f"accept: {accepted.status}")

    # The referrer may not set the receiver's statuses: a 403 problem, parsed. (Each
    # operation's problems are a model of their own, with Problem's fields.)
    refused = answered(
        change_referral_status.sync_detailed(
            made.id, client=referrer, body=StatusChange(status=Status.IN_PROGRESS)
        ),
        403,
        object,
        "referrer sets in-progress",
    )
    check(
        refused.status == 403 and str(refused.type_).endswith("/problems/forbidden"),
        f"referrer sets in-progress: {refused!r}",
    )

    progress = answered(
        change_referral_status.sync_detailed(
            made.id,
            client=provider,
            body=StatusChange(status=Status.IN_PROGRESS, business_status="intake booked"),
        ),
        200,
        Referral,
        "in-progress",
    )
    check(progress.business_status == "intake booked", "in-progress: business status")
    print("referral: accepted, then in progress (the referrer's try was a 403 problem)")

    # 5. Both sides add a note; both read them, in the order written.
    for side, caller in [("referrer", referrer), ("provider", provider)]:
        note = answered(
            add_referral_note.sync_detailed(made.id, client=caller, body=NewNote(text=TEXTS[side])),
            201,
            Note,
            f"{side} note",
        )
        check(note.author_partner_id == who[side].id, f"{side} note: author")
    for side, caller in [("referrer", referrer), ("provider", provider)]:
        notes = answered(
            list_referral_notes.sync_detailed(made.id, client=caller), 200, (Note,), f"{side} notes"
        )
        check(
            [(n.author_partner_id, n.text) for n in notes]
            == [(who["referrer"].id, TEXTS["referrer"]), (who["provider"].id, TEXTS["provider"])],
            f"{side} notes: {notes}",
        )
    print("notes: two, both sides read both in order")

    # 6. The provider closes the loop with an outcome.
    done = answered(
        change_referral_status.sync_detailed(
            made.id,
            client=provider,
            body=StatusChange(
                status=Status.COMPLETED,
                outcome=Outcome(
                    services_delivered=["intake assessment", "buprenorphine induction"],
                    enrollment=Enrollment.ENROLLED,
                ),
            ),
        ),
        200,
        Referral,
        "complete",
    )
    check(done.status == Status.COMPLETED, f"complete: {done.status}")
    check(isinstance(done.closed_loop_at, str), "complete: closed_loop_at not set")
    check(done.outcome.enrollment == Enrollment.ENROLLED, f"complete: outcome {done.outcome}")

    # 7. The referrer sees the closed loop and the whole history, in order.
    followed = answered(
        read_referral.sync_detailed(made.id, client=referrer), 200, Referral, "referrer read"
    )
    check(followed.status == Status.COMPLETED, f"referrer read: {followed.status}")
    check(
        followed.outcome.services_delivered == ["intake assessment", "buprenorphine induction"],
        f"referrer read: outcome {followed.outcome}",
    )
    events = answered(
        referral_events.sync_detailed(made.id, client=referrer), 200, (ReferralEvent,), "events"
    )
    moves = [(None if isinstance(e.from_, (Unset, type(None))) else e.from_, e.to) for e in events]
    check(
        moves
        == [
            (None, Status.REQUESTED),
            (Status.REQUESTED, Status.ACCEPTED),
            (Status.ACCEPTED, Status.IN_PROGRESS),
            (Status.IN_PROGRESS, Status.COMPLETED),
        ],
        f"events: {moves}",
    )
    check(
        [e.actor_role for e in events] == [Role.REFERRER] + [Role.PROVIDER] * 3
        and all(isinstance(e.actor_role, Role) for e in events),
        f"events: roles {[e.actor_role for e in events]}",
    )
    print(f"history: {' -> '.join(m[1].value for m in moves)}")

    # 8. The ledger: each showing of Jordan's details to the provider is a disclosure.
    ledger = answered(
        list_disclosures.sync_detailed(client=referrer, client_ref=reference),
        200,
        (Disclosure,),
        "disclosures",
    )
    check(ledger, "disclosures: none recorded")
    check(
        all(d.recipient_id == who["provider"].id and d.referral_id == made.id for d in ledger),
        f"disclosures: {[(d.recipient_id, d.referral_id) for d in ledger]}",
    )
    check(
        all(d.discloser_id == who["referrer"].id and d.consent_id == consent.id for d in ledger),
        "disclosures: discloser or consent",
    )
    check(
        any("name" in d.information.split(", ") for d in ledger),
        f"disclosures: {[d.information for d in ledger]}",
    )
    accounting = answered(
        disclosure_accounting.sync_detailed(client=referrer, client_ref=reference),
        200,
        Accounting,
        "accounting",
    )
    check(accounting.client_reference == reference, "accounting: client")
    check(len(accounting.disclosures) == len(ledger), "accounting: not the ledger's disclosures")
    check(
        all(d.recipient == who["provider"].name and d.purpose == PURPOSE
            for d in accounting.disclosures),
        f"accounting: {[(d.recipient, d.purpose) for d in accounting.disclosures]}",
    )
    check(
        [(s.recipient, s.disclosures) for s in accounting.by_recipient]
        == [(who["provider"].name, len(ledger))],
        f"accounting: by recipient {accounting.by_recipient}",
    )
    print(f"ledger: {len(ledger)} disclosures to {who['provider'].name}, accounted for")

    # 9. A coordinator puts a person who injects drugs on the program's waitlist.
    waiting = f"jordan-w-{uuid.uuid4().hex[:8]}"
    waitlist_consent = answered(
        create_consent.sync_detailed(
            client=coordinator,
            body=ConsentRequest(
                client_reference=waiting,
                disclosing_party=who["coordinator"].name,
                recipients=[ClassRecipient(class_=RecipientClass.TREATING_PROVIDERS)],
                information="name, phone",
                elements=[Element.NAME, Element.PHONE],
                purpose="treatment waitlist",
                expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc),
                signed_at=datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.timezone.utc),
                revocation="tell the desk in writing",
            ),
        ),
        201,
        ConsentView,
        "waitlist consent",
    )
    requested_at = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    entry = answered(
        create_entry.sync_detailed(
            listing.service.id,
            client=coordinator,
            idempotency_key=str(uuid.uuid4()),
            body=NewEntryBody(
                client=WaitlistClient(reference=waiting, name="Jordan Example", phone="555-0142"),
                injects_drugs=True,
                pregnant=False,
                consent_id=waitlist_consent.id,
                requested_at=requested_at,
            ),
        ),
        201,
        Entry,
        "waitlist entry",
    )
    check(entry.status == "waiting" and entry.position == 1, f"waitlist entry: {entry.status}")
    check(entry.priority_class == PriorityClass.INJECTING, f"waitlist entry: {entry.priority_class}")
    check(
        entry.interim_services_due_at == requested_at + datetime.timedelta(hours=48),
        f"waitlist entry: interim services due {entry.interim_services_due_at}",
    )
    check(
        entry.admission_due_at == requested_at + datetime.timedelta(days=14),
        f"waitlist entry: admission due {entry.admission_due_at}",
    )
    back = answered(
        get_entry.sync_detailed(listing.service.id, entry.id, client=coordinator),
        200,
        Entry,
        "waitlist read",
    )
    check(back.id == entry.id and back.client.name == "Jordan Example", "waitlist read: client")
    queue = answered(
        list_entries.sync_detailed(listing.service.id, client=provider),
        200,
        (Entry,),
        "provider's queue",
    )
    check([e.id for e in queue] == [entry.id], f"provider's queue: {[e.id for e in queue]}")
    check(
        queue[0].client.name == "Jordan Example" and queue[0].notice == NOTICE,
        "provider's queue: the consent names treating providers, so the provider sees the client",
    )
    shown = answered(
        list_disclosures.sync_detailed(client=coordinator, client_ref=waiting),
        200,
        (Disclosure,),
        "waitlist disclosures",
    )
    check(
        [(d.recipient_id, d.waitlist_entry_id) for d in shown] == [(who["provider"].id, entry.id)],
        f"waitlist disclosures: {[(d.recipient_id, d.waitlist_entry_id) for d in shown]}",
    )
    print(f"waitlist: {entry.id} at position 1, interim services due {entry.interim_services_due_at}")
    print("flow: passed")


if __name__ == "__main__":
    main()
