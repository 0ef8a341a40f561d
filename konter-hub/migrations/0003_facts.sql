-- Facts for people (issue 13): who made each change (their permission is
-- checked again here), a technician's confirmed bookings that may not
-- overlap, each device's audit chain anchored, and conflicts that are not
-- about one change (a device's audit chain) or that a person resolved.

CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE changes ADD COLUMN staff_id uuid;

ALTER TABLE conflicts ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE conflicts ADD COLUMN device_id uuid REFERENCES devices (id);
-- The synced resolution (rows.conflict_resolutions) that settled it.
ALTER TABLE conflicts ADD COLUMN resolution_id text;
-- A pull names the open conflict on each change it hands out.
CREATE INDEX conflicts_change ON conflicts (shop_id, seq);
-- A row's open booking conflict stays on its later versions too.
CREATE INDEX conflicts_row ON conflicts (shop_id, tbl, row_key) WHERE resolved_at IS NULL;

-- The newest audit entry of each device the hub holds, and its hash: the
-- device's next entries must follow it.
ALTER TABLE devices ADD COLUMN audit_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN audit_hash text NOT NULL
    DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';
ALTER TABLE devices ADD COLUMN audit_broken_at timestamptz;

-- Each device's audit chain as it came up, entry by entry (verifiable here
-- with the same hash as on the device).
CREATE TABLE audit_entries (
    device_id uuid NOT NULL REFERENCES devices (id),
    seq       bigint NOT NULL,
    id        text NOT NULL,
    at        text NOT NULL,
    staff_id  text,
    entity    text NOT NULL,
    entity_id text NOT NULL,
    op        text NOT NULL,
    before    text,
    detail    text NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL,
    PRIMARY KEY (device_id, seq)
);

-- A technician's bookings the hub confirmed: never two overlapping. A
-- booking made apart that overlaps a confirmed one stays tentative, with
-- its conflict.
CREATE TABLE confirmed_bookings (
    shop_id       uuid NOT NULL REFERENCES shops (id),
    visit_id      text NOT NULL,
    technician_id text NOT NULL,
    during        tstzrange NOT NULL,
    seq           bigint NOT NULL,
    PRIMARY KEY (shop_id, visit_id),
    EXCLUDE USING gist (shop_id WITH =, technician_id WITH =, during WITH &&)
);

ALTER TABLE rows.customers ADD COLUMN merged_into text;

CREATE TABLE rows.conflict_resolutions (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "conflict_id" text,
    "outcome" text,
    "note" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

-- One phone for two customers is looked for at each new customer.
CREATE INDEX customers_phone ON rows.customers (_shop, phone);

-- Stock free per product and branch is summed at each move or reservation
-- that takes some.
CREATE INDEX stock_moves_product ON rows.stock_moves (_shop, product_id, branch);
CREATE INDEX reservations_product ON rows.reservations (_shop, product_id, branch) WHERE released_at IS NULL;
