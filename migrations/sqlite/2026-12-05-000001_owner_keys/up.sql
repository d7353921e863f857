-- Services and locations get integer keys, given in the order they are written, and the
-- rows that hang off them are found (and cascade) through those keys. Every index of a
-- child table was keyed by a random id: a load's new rows landed all over it, so a batch of
-- 100,000 services rewrote most pages of a dozen such indexes (some 140,000 pages at a
-- million listings). Keyed by the owner's integer, new rows go to each index's end. The
-- owners' text ids stay in the child rows, which the HSDS answers carry.
CREATE TABLE services_keyed (
    key INTEGER PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    source_key TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    alternate_name TEXT,
    description TEXT,
    url TEXT,
    email TEXT,
    status TEXT NOT NULL,
    interpretation_services TEXT,
    application_process TEXT,
    fees_description TEXT,
    eligibility_description TEXT,
    minimum_age DOUBLE,
    maximum_age DOUBLE,
    alert TEXT,
    content_hash TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    name_folded TEXT,
    description_folded TEXT
);
INSERT INTO services_keyed SELECT rowid, id, source, source_key, organization_id, name, alternate_name, description, url, email, status, interpretation_services, application_process, fees_description, eligibility_description, minimum_age, maximum_age, alert, content_hash, updated_at, name_folded, description_folded FROM services ORDER BY rowid;

CREATE TABLE locations_keyed (
    key INTEGER PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    organization_id TEXT,
    location_type TEXT NOT NULL,
    name TEXT,
    alternate_name TEXT,
    description TEXT,
    transportation TEXT,
    latitude DOUBLE,
    longitude DOUBLE,
    url TEXT,
    time_zone TEXT,
    content_hash TEXT NOT NULL
);
INSERT INTO locations_keyed SELECT rowid, id, source, organization_id, location_type, name, alternate_name, description, transportation, latitude, longitude, url, time_zone, content_hash FROM locations ORDER BY rowid;

CREATE TABLE service_categories_keyed (
    service_key INTEGER NOT NULL REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (service_key, category)
);
INSERT INTO service_categories_keyed SELECT s.key, c.service_id, c.category FROM service_categories c JOIN services_keyed s ON s.id = c.service_id ORDER BY s.key;

CREATE TABLE location_points_keyed (
    location_key INTEGER PRIMARY KEY NOT NULL REFERENCES locations_keyed (key) ON DELETE CASCADE,
    location_id TEXT NOT NULL,
    latitude DOUBLE NOT NULL,
    longitude DOUBLE NOT NULL,
    cell_key BIGINT NOT NULL
);
INSERT INTO location_points_keyed SELECT l.key, p.location_id, p.latitude, p.longitude, p.cell_key FROM location_points p JOIN locations_keyed l ON l.id = p.location_id ORDER BY l.key;

CREATE TABLE addresses_keyed (
    id TEXT NOT NULL,
    location_key INTEGER NOT NULL REFERENCES locations_keyed (key) ON DELETE CASCADE,
    location_id TEXT NOT NULL,
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
INSERT INTO addresses_keyed SELECT a.id, l.key, a.location_id, a.attention, a.address_1, a.address_2, a.city, a.region, a.state_province, a.postal_code, a.country, a.address_type FROM addresses a JOIN locations_keyed l ON l.id = a.location_id ORDER BY a.rowid;

CREATE TABLE service_at_locations_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_key INTEGER NOT NULL REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    location_key INTEGER NOT NULL REFERENCES locations_keyed (key),
    location_id TEXT NOT NULL,
    description TEXT
);
INSERT INTO service_at_locations_keyed SELECT x.id, s.key, x.service_id, l.key, x.location_id, x.description FROM service_at_locations x JOIN services_keyed s ON s.id = x.service_id JOIN locations_keyed l ON l.id = x.location_id ORDER BY x.rowid;

CREATE TABLE phones_keyed (
    id TEXT NOT NULL,
    service_key INTEGER REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT,
    location_key INTEGER REFERENCES locations_keyed (key) ON DELETE CASCADE,
    location_id TEXT,
    number TEXT NOT NULL,
    extension TEXT,
    phone_type TEXT,
    description TEXT
);
INSERT INTO phones_keyed SELECT x.id, s.key, x.service_id, l.key, x.location_id, x.number, x.extension, x.phone_type, x.description FROM phones x LEFT JOIN services_keyed s ON s.id = x.service_id LEFT JOIN locations_keyed l ON l.id = x.location_id ORDER BY x.rowid;

CREATE TABLE schedules_keyed (
    id TEXT NOT NULL,
    service_key INTEGER REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT,
    location_key INTEGER REFERENCES locations_keyed (key) ON DELETE CASCADE,
    location_id TEXT,
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
INSERT INTO schedules_keyed SELECT x.id, s.key, x.service_id, l.key, x.location_id, x.valid_from, x.valid_to, x.dtstart, x.until, x.freq, x.interval, x.byday, x.bymonthday, x.opens_at, x.closes_at, x.time_zone, x.description, x.attending_type, x.notes FROM schedules x LEFT JOIN services_keyed s ON s.id = x.service_id LEFT JOIN locations_keyed l ON l.id = x.location_id ORDER BY x.rowid;

CREATE TABLE languages_keyed (
    id TEXT NOT NULL,
    service_key INTEGER REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT,
    location_key INTEGER REFERENCES locations_keyed (key) ON DELETE CASCADE,
    location_id TEXT,
    name TEXT,
    code TEXT,
    note TEXT
);
INSERT INTO languages_keyed SELECT x.id, s.key, x.service_id, l.key, x.location_id, x.name, x.code, x.note FROM languages x LEFT JOIN services_keyed s ON s.id = x.service_id LEFT JOIN locations_keyed l ON l.id = x.location_id ORDER BY x.rowid;

CREATE TABLE service_areas_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_key INTEGER NOT NULL REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    name TEXT,
    description TEXT,
    extent TEXT,
    extent_type TEXT,
    uri TEXT,
    min_latitude DOUBLE,
    min_longitude DOUBLE,
    max_latitude DOUBLE,
    max_longitude DOUBLE
);
INSERT INTO service_areas_keyed SELECT x.id, s.key, x.service_id, x.name, x.description, x.extent, x.extent_type, x.uri, x.min_latitude, x.min_longitude, x.max_latitude, x.max_longitude FROM service_areas x JOIN services_keyed s ON s.id = x.service_id ORDER BY x.rowid;

CREATE TABLE attributes_keyed (
    id TEXT NOT NULL,
    service_key INTEGER NOT NULL REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    link_id TEXT NOT NULL,
    link_type TEXT,
    link_entity TEXT NOT NULL,
    taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms (id),
    value TEXT,
    label TEXT
);
INSERT INTO attributes_keyed SELECT x.id, s.key, x.service_id, x.link_id, x.link_type, x.link_entity, x.taxonomy_term_id, x.value, x.label FROM attributes x JOIN services_keyed s ON s.id = x.service_id ORDER BY x.rowid;

CREATE TABLE cost_options_keyed (
    id TEXT NOT NULL,
    service_key INTEGER NOT NULL REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    option TEXT,
    currency TEXT,
    amount DOUBLE,
    amount_description TEXT
);
INSERT INTO cost_options_keyed SELECT x.id, s.key, x.service_id, x.valid_from, x.valid_to, x.option, x.currency, x.amount, x.amount_description FROM cost_options x JOIN services_keyed s ON s.id = x.service_id ORDER BY x.rowid;

CREATE TABLE service_capacities_keyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_key INTEGER NOT NULL REFERENCES services_keyed (key) ON DELETE CASCADE,
    service_id TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id),
    available DOUBLE NOT NULL,
    maximum DOUBLE,
    description TEXT,
    updated TEXT NOT NULL
);
INSERT INTO service_capacities_keyed SELECT x.id, s.key, x.service_id, x.unit_id, x.available, x.maximum, x.description, x.updated FROM service_capacities x JOIN services_keyed s ON s.id = x.service_id ORDER BY x.rowid;

-- The old children first, so that dropping their owners cascades to nothing.
DROP TABLE service_categories;
DROP TABLE location_points;
DROP TABLE addresses;
DROP TABLE service_at_locations;
DROP TABLE phones;
DROP TABLE schedules;
DROP TABLE languages;
DROP TABLE service_areas;
DROP TABLE attributes;
DROP TABLE cost_options;
DROP TABLE service_capacities;
DROP TABLE services;
DROP TABLE locations;

-- Renaming an owner renames it in its children's foreign keys too.
ALTER TABLE services_keyed RENAME TO services;
ALTER TABLE locations_keyed RENAME TO locations;
ALTER TABLE service_categories_keyed RENAME TO service_categories;
ALTER TABLE location_points_keyed RENAME TO location_points;
ALTER TABLE addresses_keyed RENAME TO addresses;
ALTER TABLE service_at_locations_keyed RENAME TO service_at_locations;
ALTER TABLE phones_keyed RENAME TO phones;
ALTER TABLE schedules_keyed RENAME TO schedules;
ALTER TABLE languages_keyed RENAME TO languages;
ALTER TABLE service_areas_keyed RENAME TO service_areas;
ALTER TABLE attributes_keyed RENAME TO attributes;
ALTER TABLE cost_options_keyed RENAME TO cost_options;
ALTER TABLE service_capacities_keyed RENAME TO service_capacities;

CREATE INDEX services_source ON services (source);
CREATE INDEX services_organization ON services (organization_id);
CREATE INDEX locations_source ON locations (source);
CREATE INDEX service_categories_category ON service_categories (category);
CREATE INDEX location_points_cell ON location_points (cell_key);
CREATE INDEX addresses_location ON addresses (location_key);
CREATE INDEX addresses_postal_code ON addresses (postal_code);
CREATE INDEX service_at_locations_service ON service_at_locations (service_key);
CREATE INDEX service_at_locations_location ON service_at_locations (location_key);
CREATE INDEX phones_service ON phones (service_key);
CREATE INDEX phones_location ON phones (location_key);
CREATE INDEX schedules_service ON schedules (service_key);
CREATE INDEX schedules_location ON schedules (location_key);
CREATE INDEX languages_service ON languages (service_key);
CREATE INDEX languages_location ON languages (location_key);
CREATE INDEX service_areas_service ON service_areas (service_key);
CREATE INDEX attributes_service ON attributes (service_key);
CREATE INDEX attributes_term ON attributes (taxonomy_term_id);
CREATE INDEX cost_options_service ON cost_options (service_key);
CREATE INDEX service_capacities_service ON service_capacities (service_key);
