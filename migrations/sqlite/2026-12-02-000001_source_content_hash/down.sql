ALTER TABLE sources DROP COLUMN content_hash;
