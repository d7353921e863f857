-- The box around each service area's extent, so that `/hsds` `postcode=` finds the areas
-- that may hold a point in SQL and parses only those. Written by the store with the area;
-- rows stored before this migration are filled in by the store when it opens (NULL with
-- an extent means not yet filled, or an extent that is not a GeoJSON area).
ALTER TABLE service_areas ADD COLUMN min_latitude DOUBLE;
ALTER TABLE service_areas ADD COLUMN min_longitude DOUBLE;
ALTER TABLE service_areas ADD COLUMN max_latitude DOUBLE;
ALTER TABLE service_areas ADD COLUMN max_longitude DOUBLE;
