-- The children found through their owners' text ids again, and the owners without keys.
DROP INDEX service_areas_service;
CREATE INDEX service_areas_service ON service_areas (service_id);
ALTER TABLE service_areas DROP CONSTRAINT service_areas_service_key_fkey;
ALTER TABLE service_areas ADD CONSTRAINT service_areas_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE service_areas DROP COLUMN service_key;

DROP INDEX attributes_service;
CREATE INDEX attributes_service ON attributes (service_id);
ALTER TABLE attributes DROP CONSTRAINT attributes_service_key_fkey;
ALTER TABLE attributes ADD CONSTRAINT attributes_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE attributes DROP COLUMN service_key;

DROP INDEX cost_options_service;
CREATE INDEX cost_options_service ON cost_options (service_id);
ALTER TABLE cost_options DROP CONSTRAINT cost_options_service_key_fkey;
ALTER TABLE cost_options ADD CONSTRAINT cost_options_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE cost_options DROP COLUMN service_key;

DROP INDEX service_capacities_service;
CREATE INDEX service_capacities_service ON service_capacities (service_id);
ALTER TABLE service_capacities DROP CONSTRAINT service_capacities_service_key_fkey;
ALTER TABLE service_capacities ADD CONSTRAINT service_capacities_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE service_capacities DROP COLUMN service_key;

DROP INDEX phones_service;
DROP INDEX phones_location;
CREATE INDEX phones_service ON phones (service_id);
CREATE INDEX phones_location ON phones (location_id);
ALTER TABLE phones DROP CONSTRAINT phones_service_key_fkey;
ALTER TABLE phones DROP CONSTRAINT phones_location_key_fkey;
ALTER TABLE phones ADD CONSTRAINT phones_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE phones ADD CONSTRAINT phones_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE CASCADE;
ALTER TABLE phones DROP COLUMN service_key, DROP COLUMN location_key;

DROP INDEX schedules_service;
DROP INDEX schedules_location;
CREATE INDEX schedules_service ON schedules (service_id);
CREATE INDEX schedules_location ON schedules (location_id);
ALTER TABLE schedules DROP CONSTRAINT schedules_service_key_fkey;
ALTER TABLE schedules DROP CONSTRAINT schedules_location_key_fkey;
ALTER TABLE schedules ADD CONSTRAINT schedules_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE schedules ADD CONSTRAINT schedules_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE CASCADE;
ALTER TABLE schedules DROP COLUMN service_key, DROP COLUMN location_key;

DROP INDEX languages_service;
DROP INDEX languages_location;
CREATE INDEX languages_service ON languages (service_id);
CREATE INDEX languages_location ON languages (location_id);
ALTER TABLE languages DROP CONSTRAINT languages_service_key_fkey;
ALTER TABLE languages DROP CONSTRAINT languages_location_key_fkey;
ALTER TABLE languages ADD CONSTRAINT languages_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE languages ADD CONSTRAINT languages_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE CASCADE;
ALTER TABLE languages DROP COLUMN service_key, DROP COLUMN location_key;

DROP INDEX service_at_locations_service;
DROP INDEX service_at_locations_location;
CREATE INDEX service_at_locations_service ON service_at_locations (service_id);
CREATE INDEX service_at_locations_location ON service_at_locations (location_id);
ALTER TABLE service_at_locations DROP CONSTRAINT service_at_locations_service_key_fkey;
ALTER TABLE service_at_locations DROP CONSTRAINT service_at_locations_location_key_fkey;
ALTER TABLE service_at_locations ADD CONSTRAINT service_at_locations_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE service_at_locations ADD CONSTRAINT service_at_locations_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES locations (id);
ALTER TABLE service_at_locations DROP COLUMN service_key, DROP COLUMN location_key;

DROP INDEX addresses_location;
CREATE INDEX addresses_location ON addresses (location_id);
ALTER TABLE addresses DROP CONSTRAINT addresses_location_key_fkey;
ALTER TABLE addresses ADD CONSTRAINT addresses_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE CASCADE;
ALTER TABLE addresses DROP COLUMN location_key;

ALTER TABLE location_points DROP CONSTRAINT location_points_location_key_fkey;
ALTER TABLE location_points DROP CONSTRAINT location_points_pkey;
ALTER TABLE location_points ADD PRIMARY KEY (location_id);
ALTER TABLE location_points ADD CONSTRAINT location_points_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES locations (id) ON DELETE CASCADE;
ALTER TABLE location_points DROP COLUMN location_key;

ALTER TABLE service_categories DROP CONSTRAINT service_categories_service_key_fkey;
ALTER TABLE service_categories DROP CONSTRAINT service_categories_pkey;
ALTER TABLE service_categories ADD PRIMARY KEY (service_id, category);
ALTER TABLE service_categories ADD CONSTRAINT service_categories_service_id_fkey
    FOREIGN KEY (service_id) REFERENCES services (id) ON DELETE CASCADE;
ALTER TABLE service_categories DROP COLUMN service_key;

ALTER TABLE locations DROP COLUMN key;
ALTER TABLE services DROP COLUMN key;
