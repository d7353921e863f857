-- Disclosures of a waitlist entry's client details name the entry, so each is traceable.
ALTER TABLE disclosures ADD COLUMN waitlist_entry_id TEXT;
CREATE INDEX disclosures_waitlist_entry ON disclosures (waitlist_entry_id);
