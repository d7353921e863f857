-- Listing tables, HSDS 3.1 shaped. Every row remembers the source that loaded it.
CREATE TABLE sources (
    name TEXT PRIMARY KEY NOT NULL,
    format TEXT NOT NULL,
    paths TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    records_loaded INTEGER NOT NULL,
    records_skipped INTEGER NOT NULL
);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    alternate_name TEXT,
    description TEXT,
    email TEXT,
    website TEXT,
    content_hash TEXT NOT NULL
);
CREATE INDEX organizations_source ON organizations (source);

CREATE TABLE services (
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
    minimum_age DOUBLE PRECISION,
    maximum_age DOUBLE PRECISION,
    alert TEXT,
    content_hash TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX services_source ON services (source);
CREATE INDEX services_organization ON services (organization_id);

CREATE TABLE service_categories (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (service_id, category)
);
CREATE INDEX service_categories_category ON service_categories (category);

CREATE TABLE locations (
    id TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    organization_id TEXT,
    location_type TEXT NOT NULL,
    name TEXT,
    alternate_name TEXT,
    description TEXT,
    transportation TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    url TEXT,
    time_zone TEXT,
    content_hash TEXT NOT NULL
);
CREATE INDEX locations_source ON locations (source);

-- The geospatial table: one row per placed location, with a grid cell key so that a
-- bounding box becomes an IN list of cells plus a range check.
CREATE TABLE location_points (
    location_id TEXT PRIMARY KEY NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    cell_key BIGINT NOT NULL
);
CREATE INDEX location_points_cell ON location_points (cell_key);

CREATE TABLE addresses (
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
CREATE INDEX addresses_location ON addresses (location_id);
CREATE INDEX addresses_postal_code ON addresses (postal_code);

CREATE TABLE service_at_locations (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES locations (id),
    description TEXT
);
CREATE INDEX service_at_locations_service ON service_at_locations (service_id);
CREATE INDEX service_at_locations_location ON service_at_locations (location_id);

CREATE TABLE phones (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    extension TEXT,
    phone_type TEXT,
    description TEXT
);
CREATE INDEX phones_service ON phones (service_id);
CREATE INDEX phones_location ON phones (location_id);

CREATE TABLE schedules (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
    valid_from TEXT,
    valid_to TEXT,
    dtstart TEXT,
    until TEXT,
    freq TEXT,
    "interval" INTEGER,
    byday TEXT,
    bymonthday TEXT,
    opens_at TEXT,
    closes_at TEXT,
    time_zone TEXT,
    description TEXT,
    attending_type TEXT,
    notes TEXT
);
CREATE INDEX schedules_service ON schedules (service_id);
CREATE INDEX schedules_location ON schedules (location_id);

CREATE TABLE service_areas (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    name TEXT,
    description TEXT,
    extent TEXT,
    extent_type TEXT,
    uri TEXT
);
CREATE INDEX service_areas_service ON service_areas (service_id);

CREATE TABLE languages (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
    name TEXT,
    code TEXT,
    note TEXT
);
CREATE INDEX languages_service ON languages (service_id);
CREATE INDEX languages_location ON languages (location_id);

CREATE TABLE taxonomies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    uri TEXT,
    version TEXT
);

CREATE TABLE taxonomy_terms (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    parent_id TEXT,
    taxonomy TEXT,
    taxonomy_id TEXT REFERENCES taxonomies (id),
    language TEXT,
    term_uri TEXT
);
CREATE INDEX taxonomy_terms_code ON taxonomy_terms (code);

CREATE TABLE attributes (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    link_id TEXT NOT NULL,
    link_type TEXT,
    link_entity TEXT NOT NULL,
    taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms (id),
    value TEXT,
    label TEXT
);
CREATE INDEX attributes_service ON attributes (service_id);
CREATE INDEX attributes_term ON attributes (taxonomy_term_id);

CREATE TABLE cost_options (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    valid_from TEXT,
    valid_to TEXT,
    "option" TEXT,
    currency TEXT,
    amount DOUBLE PRECISION,
    amount_description TEXT
);
CREATE INDEX cost_options_service ON cost_options (service_id);

CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    scheme TEXT,
    identifier TEXT,
    uri TEXT
);

CREATE TABLE service_capacities (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    available DOUBLE PRECISION NOT NULL,
    maximum DOUBLE PRECISION,
    description TEXT,
    updated TEXT NOT NULL
);
CREATE INDEX service_capacities_service ON service_capacities (service_id);

-- The change sequence: every listing write appends here in the same transaction, so a
-- search index (this instance's or another's) can catch up from the last seq it applied.
CREATE TABLE listing_changes (
    seq BIGSERIAL PRIMARY KEY,
    service_id TEXT NOT NULL,
    change TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
