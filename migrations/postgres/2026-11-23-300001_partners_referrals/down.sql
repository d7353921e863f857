DROP TABLE outbox_events;
DROP TABLE partner_keys;
DROP TABLE partner_organizations;
DROP TABLE partners;
