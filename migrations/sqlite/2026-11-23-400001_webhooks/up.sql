-- Partners' webhook endpoints, one delivery per (outbox event, endpoint), and every attempt.
-- Timestamps are RFC 3339 UTC text of fixed width, so text order is time order.
CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    -- Space-separated event types the endpoint subscribed to.
    event_types TEXT NOT NULL,
    -- Asked for client details (consent-gated); stored, not acted on yet.
    detail BOOLEAN NOT NULL DEFAULT 0,
    secret TEXT NOT NULL,
    -- The secret before the last rotation, still signed with until it expires.
    previous_secret TEXT,
    previous_secret_expires_at TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    disabled_reason TEXT
);
CREATE INDEX webhook_endpoints_partner ON webhook_endpoints (partner_id);

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES outbox_events (id),
    -- pending, succeeded or failed.
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    -- A deliverer owns the delivery until then (claimed with a conditional update).
    lease_token TEXT,
    leased_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at TEXT NOT NULL,
    -- The HTTP status answered, or none when no answer came (error says why).
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);
