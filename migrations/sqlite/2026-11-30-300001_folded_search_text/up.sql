-- Names and descriptions lower-cased with accents folded ("Clínica" → "clinica"), which
-- `/hsds` `search=` matches with LIKE, so that "clinica" and "clínica" find each other on
-- both backends. Written by the importer; rows stored before this migration are filled
-- in by the store when it opens (NULL means not yet folded).
ALTER TABLE services ADD COLUMN name_folded TEXT;
ALTER TABLE services ADD COLUMN description_folded TEXT;
ALTER TABLE organizations ADD COLUMN name_folded TEXT;
ALTER TABLE organizations ADD COLUMN description_folded TEXT;
