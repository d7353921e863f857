ALTER TABLE organizations DROP COLUMN description_folded;
ALTER TABLE organizations DROP COLUMN name_folded;
ALTER TABLE services DROP COLUMN description_folded;
ALTER TABLE services DROP COLUMN name_folded;
