-- Capacity reported through the API by the programs themselves (not from feeds, so a
-- feed reload never overwrites it): the current state per service, and every report kept
-- as history for reports.
CREATE TABLE capacity_current (
    service_id TEXT PRIMARY KEY NOT NULL,
    status TEXT NOT NULL,
    -- JSON array of {unit, available, maximum, description}.
    capacities TEXT NOT NULL,
    notes TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    -- Whether the last report was at or past 90 % full, to send one event per crossing.
    near_full BOOLEAN NOT NULL
);

CREATE TABLE capacity_history (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL,
    status TEXT NOT NULL,
    capacities TEXT NOT NULL,
    notes TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX capacity_history_service ON capacity_history (service_id, updated_at);
