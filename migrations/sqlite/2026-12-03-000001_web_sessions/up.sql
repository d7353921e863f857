-- Sessions of the web page's signed-in part: a partner signed in with an API key, known
-- to every instance on one database. Only the SHA-256 hex of the session id (the cookie's
-- value) is stored; the key's hash ties the session to the key, so revoking the key or
-- disabling the partner ends it. A session ends when idle too long or too old (see
-- api/src/web/session.rs), or when signed out (its row is deleted).
CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen_at);
