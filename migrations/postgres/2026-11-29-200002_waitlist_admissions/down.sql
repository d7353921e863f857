DROP INDEX waitlist_admissions_service;
DROP TABLE waitlist_admissions;
