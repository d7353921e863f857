-- Who changed a program's capacity and how: a report (by the program's provider, a
-- coordinator on its behalf, or an admin) or an admission from a waitlist taking a unit.
-- The role is the partner's role when it made the change; rows written before this
-- migration have none.
ALTER TABLE capacity_history ADD COLUMN updated_by_role TEXT;
ALTER TABLE capacity_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'report';
