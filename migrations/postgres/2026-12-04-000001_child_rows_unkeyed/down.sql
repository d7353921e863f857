-- The child rows' ids as keys again (fails if two rows share an id).
ALTER TABLE phones ADD PRIMARY KEY (id);
ALTER TABLE schedules ADD PRIMARY KEY (id);
ALTER TABLE languages ADD PRIMARY KEY (id);
ALTER TABLE addresses ADD PRIMARY KEY (id);
ALTER TABLE attributes ADD PRIMARY KEY (id);
ALTER TABLE cost_options ADD PRIMARY KEY (id);
