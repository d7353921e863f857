ALTER TABLE waitlist_entries DROP COLUMN prenatal_referral_at;
ALTER TABLE waitlist_interim_services DROP COLUMN recorded_at;
ALTER TABLE waitlist_interim_services DROP COLUMN kinds;
