DROP TABLE idempotency_keys;
DROP TABLE disclosures;
DROP TABLE referral_notes;
DROP TABLE referral_events;
DROP TABLE referral_receivers;
DROP TABLE referrals;
DROP TABLE consents;
