-- How each admission from a waitlist stood against the program's capacity: the admission
-- rule's basis (free-unit, confirmed-by-program, capacity-unknown), what was known of the
-- program's capacity just before, and who admitted. Admissions made before this migration
-- have no row.
CREATE TABLE waitlist_admissions (
    entry_id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL,
    admitted_at TEXT NOT NULL,
    admitted_by TEXT NOT NULL,
    admitted_by_role TEXT NOT NULL,
    basis TEXT NOT NULL,
    -- capacity, no-capacity, waitlist, additional-assessment-required or unknown.
    capacity_status TEXT NOT NULL,
    -- never-reported or stale, when capacity_status is unknown.
    unknown_reason TEXT,
    -- Free units of a fresh report before the admission; NULL when unknown.
    open_units BIGINT,
    reported_at TEXT,
    unit TEXT,
    confirmed_by_program BOOLEAN NOT NULL
);
CREATE INDEX waitlist_admissions_service ON waitlist_admissions (service_id, admitted_at);
