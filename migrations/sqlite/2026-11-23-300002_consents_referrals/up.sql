-- Consents (42 CFR Part 2 §2.31), referrals with their status history and notes, the
-- disclosure ledger, and Idempotency-Key records. Timestamps are RFC 3339 UTC text.
CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    -- The referrer partner that recorded the consent; only it may read or revoke it.
    partner_id TEXT NOT NULL REFERENCES partners (id),
    client_reference TEXT NOT NULL,
    disclosing_party TEXT NOT NULL,
    -- JSON array of {"partner_id": …} or {"class": "treating-providers"}.
    recipients TEXT NOT NULL,
    information TEXT NOT NULL,
    purpose TEXT NOT NULL,
    expires_at TEXT,
    expiry_event TEXT,
    signed_at TEXT NOT NULL,
    revocation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX consents_partner_client ON consents (partner_id, client_reference);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL,
    referrer_id TEXT NOT NULL REFERENCES partners (id),
    service_id TEXT NOT NULL,
    service_at_location_id TEXT,
    organization_id TEXT NOT NULL,
    consent_id TEXT REFERENCES consents (id),
    -- Part 2 services (substance-use treatment, mental health) need a valid consent.
    consent_required BOOLEAN NOT NULL,
    client_reference TEXT NOT NULL,
    -- JSON: the minimum client details the receiver needs.
    client TEXT NOT NULL,
    reason TEXT NOT NULL,
    priority TEXT NOT NULL,
    appointment TEXT,
    status TEXT NOT NULL,
    business_status TEXT,
    status_reason_code TEXT,
    status_reason TEXT,
    outcome TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    received_at TEXT,
    closed_loop_at TEXT,
    reminders_sent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX referrals_referrer ON referrals (referrer_id, created_at, id);
CREATE INDEX referrals_organization ON referrals (organization_id, created_at, id);
CREATE INDEX referrals_status ON referrals (status, created_at);

-- The provider partners a referral went to (fixed when it is created).
CREATE TABLE referral_receivers (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    partner_id TEXT NOT NULL REFERENCES partners (id),
    PRIMARY KEY (referral_id, partner_id)
);
CREATE INDEX referral_receivers_partner ON referral_receivers (partner_id);

CREATE TABLE referral_events (
    id TEXT PRIMARY KEY NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    at TEXT NOT NULL,
    -- NULL for Waypoint itself (reminders, expiry).
    actor_partner_id TEXT,
    actor_role TEXT,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason_code TEXT,
    reason TEXT
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, at);

CREATE TABLE referral_notes (
    id TEXT PRIMARY KEY NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    author_partner_id TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX referral_notes_referral ON referral_notes (referral_id, created_at);

-- Each disclosure of client details to a partner; kept three years.
CREATE TABLE disclosures (
    id TEXT PRIMARY KEY NOT NULL,
    discloser_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    client_reference TEXT NOT NULL,
    referral_id TEXT,
    consent_id TEXT,
    channel TEXT NOT NULL,
    information TEXT NOT NULL,
    disclosed_at TEXT NOT NULL
);
CREATE INDEX disclosures_client ON disclosures (discloser_id, client_reference, disclosed_at);
CREATE INDEX disclosures_at ON disclosures (disclosed_at);

-- Idempotency-Key records: claimed before the work, completed in its transaction.
CREATE TABLE idempotency_keys (
    partner_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (partner_id, key)
);
