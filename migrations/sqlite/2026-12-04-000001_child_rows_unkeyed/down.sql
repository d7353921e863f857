-- The child rows' ids as keys again (fails if two rows share an id).
CREATE TABLE phones_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    extension TEXT,
    phone_type TEXT,
    description TEXT
);
INSERT INTO phones_keyed SELECT id, service_id, location_id, number, extension, phone_type, description FROM phones;
DROP TABLE phones;
ALTER TABLE phones_keyed RENAME TO phones;
CREATE INDEX phones_service ON phones (service_id);
CREATE INDEX phones_location ON phones (location_id);

CREATE TABLE schedules_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
    valid_from TEXT,
    valid_to TEXT,
    dtstart TEXT,
    until TEXT,
    freq TEXT,
    interval INTEGER,
    byday TEXT,
    bymonthday TEXT,
    opens_at TEXT,
    closes_at TEXT,
    time_zone TEXT,
    description TEXT,
    attending_type TEXT,
    notes TEXT
);
INSERT INTO schedules_keyed SELECT id, service_id, location_id, valid_from, valid_to, dtstart, until, freq, interval, byday, bymonthday, opens_at, closes_at, time_zone, description, attending_type, notes FROM schedules;
DROP TABLE schedules;
ALTER TABLE schedules_keyed RENAME TO schedules;
CREATE INDEX schedules_service ON schedules (service_id);
CREATE INDEX schedules_location ON schedules (location_id);

CREATE TABLE languages_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
    name TEXT,
    code TEXT,
    note TEXT
);
INSERT INTO languages_keyed SELECT id, service_id, location_id, name, code, note FROM languages;
DROP TABLE languages;
ALTER TABLE languages_keyed RENAME TO languages;
CREATE INDEX languages_service ON languages (service_id);
CREATE INDEX languages_location ON languages (location_id);

CREATE TABLE addresses_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    attention TEXT,
    address_1 TEXT NOT NULL,
    address_2 TEXT,
    city TEXT NOT NULL,
    region TEXT,
    state_province TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,
    address_type TEXT NOT NULL
);
INSERT INTO addresses_keyed SELECT id, location_id, attention, address_1, address_2, city, region, state_province, postal_code, country, address_type FROM addresses;
DROP TABLE addresses;
ALTER TABLE addresses_keyed RENAME TO addresses;
CREATE INDEX addresses_location ON addresses (location_id);
CREATE INDEX addresses_postal_code ON addresses (postal_code);

CREATE TABLE attributes_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    link_id TEXT NOT NULL,
    link_type TEXT,
    link_entity TEXT NOT NULL,
    taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms (id),
    value TEXT,
    label TEXT
);
INSERT INTO attributes_keyed SELECT id, service_id, link_id, link_type, link_entity, taxonomy_term_id, value, label FROM attributes;
DROP TABLE attributes;
ALTER TABLE attributes_keyed RENAME TO attributes;
CREATE INDEX attributes_service ON attributes (service_id);
CREATE INDEX attributes_term ON attributes (taxonomy_term_id);

CREATE TABLE cost_options_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    valid_from TEXT,
    valid_to TEXT,
    option TEXT,
    currency TEXT,
    amount DOUBLE,
    amount_description TEXT
);
INSERT INTO cost_options_keyed SELECT id, service_id, valid_from, valid_to, option, currency, amount, amount_description FROM cost_options;
DROP TABLE cost_options;
ALTER TABLE cost_options_keyed RENAME TO cost_options;
CREATE INDEX cost_options_service ON cost_options (service_id);
