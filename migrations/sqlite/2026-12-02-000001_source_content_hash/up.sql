-- A digest of the files a source was last loaded from (with the build that read them and
-- the load's options): a load of the very same files skips reading them again.
ALTER TABLE sources ADD COLUMN content_hash TEXT;
