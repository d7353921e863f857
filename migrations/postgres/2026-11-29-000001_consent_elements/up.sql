-- The information a consent covers, as structured elements (a JSON array such as
-- ["name", "phone", "reason"]) beside its free text. NULL for consents recorded before
-- elements existed: those are read from their free text (see consent::elements).
ALTER TABLE consents ADD COLUMN elements TEXT;
