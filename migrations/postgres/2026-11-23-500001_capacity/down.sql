DROP TABLE capacity_history;
DROP TABLE capacity_current;
