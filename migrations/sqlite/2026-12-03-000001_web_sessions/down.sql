DROP INDEX web_sessions_last_seen;
DROP TABLE web_sessions;
