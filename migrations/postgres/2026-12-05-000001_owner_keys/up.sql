-- Services and locations get integer keys, given in the order they are written, and the
-- rows that hang off them are found (and cascade) through those keys: each child index
-- keyed by a random id had most of its pages rewritten by every load's batch, where new
-- owners' keys go to an index's end. The owners' text ids stay in the child rows.
ALTER TABLE services ADD COLUMN key BIGSERIAL NOT NULL;
ALTER TABLE services ADD CONSTRAINT services_key_key UNIQUE (key);
ALTER TABLE locations ADD COLUMN key BIGSERIAL NOT NULL;
ALTER TABLE locations ADD CONSTRAINT locations_key_key UNIQUE (key);

ALTER TABLE service_categories ADD COLUMN service_key BIGINT;
UPDATE service_categories x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
ALTER TABLE service_categories ALTER COLUMN service_key SET NOT NULL;
ALTER TABLE service_categories DROP CONSTRAINT service_categories_pkey;
ALTER TABLE service_categories DROP CONSTRAINT service_categories_service_id_fkey;
ALTER TABLE service_categories ADD PRIMARY KEY (service_key, category);
ALTER TABLE service_categories ADD CONSTRAINT service_categories_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;

ALTER TABLE location_points ADD COLUMN location_key BIGINT;
UPDATE location_points x SET location_key = l.key FROM locations l WHERE l.id = x.location_id;
ALTER TABLE location_points ALTER COLUMN location_key SET NOT NULL;
ALTER TABLE location_points DROP CONSTRAINT location_points_pkey;
ALTER TABLE location_points DROP CONSTRAINT location_points_location_id_fkey;
ALTER TABLE location_points ADD PRIMARY KEY (location_key);
ALTER TABLE location_points ADD CONSTRAINT location_points_location_key_fkey
    FOREIGN KEY (location_key) REFERENCES locations (key) ON DELETE CASCADE;

ALTER TABLE addresses ADD COLUMN location_key BIGINT;
UPDATE addresses x SET location_key = l.key FROM locations l WHERE l.id = x.location_id;
ALTER TABLE addresses ALTER COLUMN location_key SET NOT NULL;
ALTER TABLE addresses DROP CONSTRAINT addresses_location_id_fkey;
ALTER TABLE addresses ADD CONSTRAINT addresses_location_key_fkey
    FOREIGN KEY (location_key) REFERENCES locations (key) ON DELETE CASCADE;
DROP INDEX addresses_location;
CREATE INDEX addresses_location ON addresses (location_key);

ALTER TABLE service_at_locations ADD COLUMN service_key BIGINT, ADD COLUMN location_key BIGINT;
UPDATE service_at_locations x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
UPDATE service_at_locations x SET location_key = l.key FROM locations l WHERE l.id = x.location_id;
ALTER TABLE service_at_locations ALTER COLUMN service_key SET NOT NULL, ALTER COLUMN location_key SET NOT NULL;
ALTER TABLE service_at_locations DROP CONSTRAINT service_at_locations_service_id_fkey;
ALTER TABLE service_at_locations DROP CONSTRAINT service_at_locations_location_id_fkey;
ALTER TABLE service_at_locations ADD CONSTRAINT service_at_locations_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
ALTER TABLE service_at_locations ADD CONSTRAINT service_at_locations_location_key_fkey
    FOREIGN KEY (location_key) REFERENCES locations (key);
DROP INDEX service_at_locations_service;
DROP INDEX service_at_locations_location;
CREATE INDEX service_at_locations_service ON service_at_locations (service_key);
CREATE INDEX service_at_locations_location ON service_at_locations (location_key);

ALTER TABLE phones ADD COLUMN service_key BIGINT, ADD COLUMN location_key BIGINT;
UPDATE phones x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
UPDATE phones x SET location_key = l.key FROM locations l WHERE l.id = x.location_id;
ALTER TABLE phones DROP CONSTRAINT phones_service_id_fkey;
ALTER TABLE phones DROP CONSTRAINT phones_location_id_fkey;
ALTER TABLE phones ADD CONSTRAINT phones_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
ALTER TABLE phones ADD CONSTRAINT phones_location_key_fkey
    FOREIGN KEY (location_key) REFERENCES locations (key) ON DELETE CASCADE;
DROP INDEX phones_service;
DROP INDEX phones_location;
CREATE INDEX phones_service ON phones (service_key);
CREATE INDEX phones_location ON phones (location_key);

ALTER TABLE schedules ADD COLUMN service_key BIGINT, ADD COLUMN location_key BIGINT;
UPDATE schedules x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
UPDATE schedules x SET location_key = l.key FROM locations l WHERE l.id = x.location_id;
ALTER TABLE schedules DROP CONSTRAINT schedules_service_id_fkey;
ALTER TABLE schedules DROP CONSTRAINT schedules_location_id_fkey;
ALTER TABLE schedules ADD CONSTRAINT schedules_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
ALTER TABLE schedules ADD CONSTRAINT schedules_location_key_fkey
    FOREIGN KEY (location_key) REFERENCES locations (key) ON DELETE CASCADE;
DROP INDEX schedules_service;
DROP INDEX schedules_location;
CREATE INDEX schedules_service ON schedules (service_key);
CREATE INDEX schedules_location ON schedules (location_key);

ALTER TABLE languages ADD COLUMN service_key BIGINT, ADD COLUMN location_key BIGINT;
UPDATE languages x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
UPDATE languages x SET location_key = l.key FROM locations l WHERE l.id = x.location_id;
ALTER TABLE languages DROP CONSTRAINT languages_service_id_fkey;
ALTER TABLE languages DROP CONSTRAINT languages_location_id_fkey;
ALTER TABLE languages ADD CONSTRAINT languages_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
ALTER TABLE languages ADD CONSTRAINT languages_location_key_fkey
    FOREIGN KEY (location_key) REFERENCES locations (key) ON DELETE CASCADE;
DROP INDEX languages_service;
DROP INDEX languages_location;
CREATE INDEX languages_service ON languages (service_key);
CREATE INDEX languages_location ON languages (location_key);

ALTER TABLE service_areas ADD COLUMN service_key BIGINT;
UPDATE service_areas x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
ALTER TABLE service_areas ALTER COLUMN service_key SET NOT NULL;
ALTER TABLE service_areas DROP CONSTRAINT service_areas_service_id_fkey;
ALTER TABLE service_areas ADD CONSTRAINT service_areas_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
DROP INDEX service_areas_service;
CREATE INDEX service_areas_service ON service_areas (service_key);

ALTER TABLE attributes ADD COLUMN service_key BIGINT;
UPDATE attributes x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
ALTER TABLE attributes ALTER COLUMN service_key SET NOT NULL;
ALTER TABLE attributes DROP CONSTRAINT attributes_service_id_fkey;
ALTER TABLE attributes ADD CONSTRAINT attributes_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
DROP INDEX attributes_service;
CREATE INDEX attributes_service ON attributes (service_key);

ALTER TABLE cost_options ADD COLUMN service_key BIGINT;
UPDATE cost_options x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
ALTER TABLE cost_options ALTER COLUMN service_key SET NOT NULL;
ALTER TABLE cost_options DROP CONSTRAINT cost_options_service_id_fkey;
ALTER TABLE cost_options ADD CONSTRAINT cost_options_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
DROP INDEX cost_options_service;
CREATE INDEX cost_options_service ON cost_options (service_key);

ALTER TABLE service_capacities ADD COLUMN service_key BIGINT;
UPDATE service_capacities x SET service_key = s.key FROM services s WHERE s.id = x.service_id;
ALTER TABLE service_capacities ALTER COLUMN service_key SET NOT NULL;
ALTER TABLE service_capacities DROP CONSTRAINT service_capacities_service_id_fkey;
ALTER TABLE service_capacities ADD CONSTRAINT service_capacities_service_key_fkey
    FOREIGN KEY (service_key) REFERENCES services (key) ON DELETE CASCADE;
DROP INDEX service_capacities_service;
CREATE INDEX service_capacities_service ON service_capacities (service_key);
