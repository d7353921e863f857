ALTER TABLE capacity_history DROP COLUMN kind;
ALTER TABLE capacity_history DROP COLUMN updated_by_role;
