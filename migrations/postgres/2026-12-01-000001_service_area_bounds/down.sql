ALTER TABLE service_areas DROP COLUMN max_longitude;
ALTER TABLE service_areas DROP COLUMN max_latitude;
ALTER TABLE service_areas DROP COLUMN min_longitude;
ALTER TABLE service_areas DROP COLUMN min_latitude;
