ALTER TABLE consents DROP COLUMN elements;
