DROP INDEX disclosures_waitlist_entry;
ALTER TABLE disclosures DROP COLUMN waitlist_entry_id;
