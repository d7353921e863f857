-- The rows that hang off a service or a location are read and replaced through their
-- owner, never by their own id, so their ids are no longer keys: each key was one more
-- index of random ids for every load to fill (a tenth of a 100,000-service load's time),
-- and a feed that gave two services one phone id failed its whole source on it.
ALTER TABLE phones DROP CONSTRAINT phones_pkey;
ALTER TABLE schedules DROP CONSTRAINT schedules_pkey;
ALTER TABLE languages DROP CONSTRAINT languages_pkey;
ALTER TABLE addresses DROP CONSTRAINT addresses_pkey;
ALTER TABLE attributes DROP CONSTRAINT attributes_pkey;
ALTER TABLE cost_options DROP CONSTRAINT cost_options_pkey;
