-- The audit log: what admins did (partners, keys, webhooks, capacity) and what anyone did
-- on another's behalf, written in the transaction of the change itself, so a change is
-- never without its entry nor an entry without its change. Rows are only ever added.
-- The actor is the partner (its id, role and name at the time), or none for the
-- `waypoint partners` command line. `detail` is JSON that never holds a key or a secret.
CREATE TABLE audit_events (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor_partner_id TEXT,
    actor_role TEXT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_events_actor ON audit_events (actor_partner_id, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
