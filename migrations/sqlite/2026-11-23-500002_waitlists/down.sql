DROP TABLE waitlist_interim_services;
DROP TABLE waitlist_contact_attempts;
DROP TABLE waitlist_entries;
