-- Per-program waitlists: people waiting for a slot, what was done to reach them, and the
-- interim services they got while waiting. Client details live only in `client` (JSON).
CREATE TABLE waitlist_entries (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL,
    client_reference TEXT NOT NULL,
    client TEXT NOT NULL,
    pregnant BOOLEAN NOT NULL,
    injects_drugs BOOLEAN NOT NULL,
    referral_id TEXT,
    consent_id TEXT,
    requested_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    -- waiting, admitted or removed
    status TEXT NOT NULL,
    interim_started_at TEXT,
    admitted_at TEXT,
    admitted_unit TEXT,
    removed_at TEXT,
    removal_reason TEXT,
    removal_note TEXT,
    -- The overdue events already sent, once per entry and clock.
    interim_overdue_sent BOOLEAN NOT NULL,
    admission_overdue_sent BOOLEAN NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX waitlist_entries_service ON waitlist_entries (service_id, status);
CREATE INDEX waitlist_entries_status ON waitlist_entries (status);

CREATE TABLE waitlist_contact_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    entry_id TEXT NOT NULL REFERENCES waitlist_entries (id),
    outcome TEXT NOT NULL,
    note TEXT,
    attempted_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX waitlist_contact_attempts_entry ON waitlist_contact_attempts (entry_id);

CREATE TABLE waitlist_interim_services (
    id TEXT PRIMARY KEY NOT NULL,
    entry_id TEXT NOT NULL REFERENCES waitlist_entries (id),
    what TEXT NOT NULL,
    service_at_location_id TEXT,
    started_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX waitlist_interim_services_entry ON waitlist_interim_services (entry_id);
