-- Waitlist clocks by the regulation (45 CFR 96.126, 96.131): interim services are recorded
-- by kind (a JSON array of kind names; '[]' for a service recorded without kinds, as every
-- service recorded before this was) and with the time they were recorded (empty for those
-- recorded before this), so a start time given after the fact can be told apart; an entry
-- keeps the start of its first referral for prenatal care, which a pregnant person's
-- 48-hour interim clock needs.
ALTER TABLE waitlist_interim_services ADD COLUMN kinds TEXT NOT NULL DEFAULT '[]';
ALTER TABLE waitlist_interim_services ADD COLUMN recorded_at TEXT;
ALTER TABLE waitlist_entries ADD COLUMN prenatal_referral_at TEXT;
