-- The children found through their owners' text ids again, and the owners without keys.
CREATE TABLE services_unkeyed (
    id TEXT PRIMARY KEY NOT NULL,
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
INSERT INTO services_unkeyed SELECT id, source, source_key, organization_id, name, alternate_name, description, url, email, status, interpretation_services, application_process, fees_description, eligibility_description, minimum_age, maximum_age, alert, content_hash, updated_at, name_folded, description_folded FROM services ORDER BY key;

CREATE TABLE locations_unkeyed (
    id TEXT PRIMARY KEY NOT NULL,
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
INSERT INTO locations_unkeyed SELECT id, source, organization_id, location_type, name, alternate_name, description, transportation, latitude, longitude, url, time_zone, content_hash FROM locations ORDER BY key;

CREATE TABLE service_categories_unkeyed (
    service_id TEXT NOT NULL REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (service_id, category)
);
INSERT INTO service_categories_unkeyed SELECT service_id, category FROM service_categories;

CREATE TABLE location_points_unkeyed (
    location_id TEXT PRIMARY KEY NOT NULL REFERENCES locations_unkeyed (id) ON DELETE CASCADE,
    latitude DOUBLE NOT NULL,
    longitude DOUBLE NOT NULL,
    cell_key BIGINT NOT NULL
);
INSERT INTO location_points_unkeyed SELECT location_id, latitude, longitude, cell_key FROM location_points;

CREATE TABLE addresses_unkeyed (
    id TEXT NOT NULL,
    location_id TEXT NOT NULL REFERENCES locations_unkeyed (id) ON DELETE CASCADE,
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
INSERT INTO addresses_unkeyed SELECT id, location_id, attention, address_1, address_2, city, region, state_province, postal_code, country, address_type FROM addresses ORDER BY rowid;

CREATE TABLE service_at_locations_unkeyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES locations_unkeyed (id),
    description TEXT
);
INSERT INTO service_at_locations_unkeyed SELECT id, service_id, location_id, description FROM service_at_locations ORDER BY rowid;

CREATE TABLE phones_unkeyed (
    id TEXT NOT NULL,
    service_id TEXT REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations_unkeyed (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    extension TEXT,
    phone_type TEXT,
    description TEXT
);
INSERT INTO phones_unkeyed SELECT id, service_id, location_id, number, extension, phone_type, description FROM phones ORDER BY rowid;

CREATE TABLE schedules_unkeyed (
    id TEXT NOT NULL,
    service_id TEXT REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations_unkeyed (id) ON DELETE CASCADE,
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
INSERT INTO schedules_unkeyed SELECT id, service_id, location_id, valid_from, valid_to, dtstart, until, freq, interval, byday, bymonthday, opens_at, closes_at, time_zone, description, attending_type, notes FROM schedules ORDER BY rowid;

CREATE TABLE languages_unkeyed (
    id TEXT NOT NULL,
    service_id TEXT REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations_unkeyed (id) ON DELETE CASCADE,
    name TEXT,
    code TEXT,
    note TEXT
);
INSERT INTO languages_unkeyed SELECT id, service_id, location_id, name, code, note FROM languages ORDER BY rowid;

CREATE TABLE service_areas_unkeyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services_unkeyed (id) ON DELETE CASCADE,
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
INSERT INTO service_areas_unkeyed SELECT id, service_id, name, description, extent, extent_type, uri, min_latitude, min_longitude, max_latitude, max_longitude FROM service_areas ORDER BY rowid;

CREATE TABLE attributes_unkeyed (
    id TEXT NOT NULL,
    service_id TEXT NOT NULL REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    link_id TEXT NOT NULL,
    link_type TEXT,
    link_entity TEXT NOT NULL,
    taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms (id),
    value TEXT,
    label TEXT
);
INSERT INTO attributes_unkeyed SELECT id, service_id, link_id, link_type, link_entity, taxonomy_term_id, value, label FROM attributes ORDER BY rowid;

CREATE TABLE cost_options_unkeyed (
    id TEXT NOT NULL,
    service_id TEXT NOT NULL REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    valid_from TEXT,
    valid_to TEXT,
    option TEXT,
    currency TEXT,
    amount DOUBLE,
    amount_description TEXT
);
INSERT INTO cost_options_unkeyed SELECT id, service_id, valid_from, valid_to, option, currency, amount, amount_description FROM cost_options ORDER BY rowid;

CREATE TABLE service_capacities_unkeyed (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services_unkeyed (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    available DOUBLE NOT NULL,
    maximum DOUBLE,
    description TEXT,
    updated TEXT NOT NULL
);
INSERT INTO service_capacities_unkeyed SELECT id, service_id, unit_id, available, maximum, description, updated FROM service_capacities ORDER BY rowid;

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

ALTER TABLE services_unkeyed RENAME TO services;
ALTER TABLE locations_unkeyed RENAME TO locations;
ALTER TABLE service_categories_unkeyed RENAME TO service_categories;
ALTER TABLE location_points_unkeyed RENAME TO location_points;
ALTER TABLE addresses_unkeyed RENAME TO addresses;
ALTER TABLE service_at_locations_unkeyed RENAME TO service_at_locations;
ALTER TABLE phones_unkeyed RENAME TO phones;
ALTER TABLE schedules_unkeyed RENAME TO schedules;
ALTER TABLE languages_unkeyed RENAME TO languages;
ALTER TABLE service_areas_unkeyed RENAME TO service_areas;
ALTER TABLE attributes_unkeyed RENAME TO attributes;
ALTER TABLE cost_options_unkeyed RENAME TO cost_options;
ALTER TABLE service_capacities_unkeyed RENAME TO service_capacities;

CREATE INDEX services_source ON services (source);
CREATE INDEX services_organization ON services (organization_id);
CREATE INDEX locations_source ON locations (source);
CREATE INDEX service_categories_category ON service_categories (category);
CREATE INDEX location_points_cell ON location_points (cell_key);
CREATE INDEX addresses_location ON addresses (location_id);
CREATE INDEX addresses_postal_code ON addresses (postal_code);
CREATE INDEX service_at_locations_service ON service_at_locations (service_id);
CREATE INDEX service_at_locations_location ON service_at_locations (location_id);
CREATE INDEX phones_service ON phones (service_id);
CREATE INDEX phones_location ON phones (location_id);
CREATE INDEX schedules_service ON schedules (service_id);
CREATE INDEX schedules_location ON schedules (location_id);
CREATE INDEX languages_service ON languages (service_id);
CREATE INDEX languages_location ON languages (location_id);
CREATE INDEX service_areas_service ON service_areas (service_id);
CREATE INDEX attributes_service ON attributes (service_id);
CREATE INDEX attributes_term ON attributes (taxonomy_term_id);
CREATE INDEX cost_options_service ON cost_options (service_id);
CREATE INDEX service_capacities_service ON service_capacities (service_id);
