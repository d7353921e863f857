-- Partners (organizations using the API), their keys, and the outbox of events for them.
-- Timestamps are RFC 3339 UTC text, as in the listing tables.
CREATE TABLE partners (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);

-- A provider's linked HSDS organizations: it receives referrals for their services.
CREATE TABLE partner_organizations (
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL,
    PRIMARY KEY (partner_id, organization_id)
);
CREATE INDEX partner_organizations_organization ON partner_organizations (organization_id);

-- Keys are stored only as SHA-256 hex; a request's key is found by its hash.
CREATE TABLE partner_keys (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX partner_keys_partner ON partner_keys (partner_id);

-- One row per event per interested partner, written in the transaction of the change.
CREATE TABLE outbox_events (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    partner_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    subject_id TEXT,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_events_partner ON outbox_events (partner_id, seq);
