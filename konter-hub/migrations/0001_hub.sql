-- konter-hub: the shops it serves, their enrolled devices, and the change
-- log every device's upload queue lands in, ordered by the hub's own
-- gap-free sequence per shop. The shop's rows themselves are in schema
-- `rows` (0002), one table per shared table of the devices.

CREATE TABLE shops (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- The newest sequence given to a change of this shop. Taken under this
    -- row's lock, so sequences are gap-free and in commit order.
    head       bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One-time codes an owner hands to a device; only their hash is kept.
CREATE TABLE enrolments (
    code_hash    text PRIMARY KEY,
    shop_id      uuid NOT NULL REFERENCES shops (id),
    branch_code  text NOT NULL,
    counter_code text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    device_id    uuid
);

CREATE TABLE devices (
    id             uuid PRIMARY KEY,
    shop_id        uuid NOT NULL REFERENCES shops (id),
    name           text NOT NULL,
    branch_code    text NOT NULL,
    counter_code   text NOT NULL,
    -- SHA-256 of the device's 256-bit random credential.
    token_hash     text NOT NULL UNIQUE,
    enrolled_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    last_seen_at   timestamptz,
    -- The device's own number of the newest change the hub has from it.
    pushed_through bigint NOT NULL DEFAULT 0
);
-- One live device per counter; a revoked one frees its counter for a new PC.
CREATE UNIQUE INDEX devices_counter ON devices (shop_id, branch_code, counter_code) WHERE revoked_at IS NULL;

CREATE TABLE changes (
    shop_id     uuid NOT NULL REFERENCES shops (id),
    seq         bigint NOT NULL,
    device_id   uuid NOT NULL REFERENCES devices (id),
    device_seq  bigint NOT NULL,
    tbl         text NOT NULL,
    row_key     text NOT NULL,
    data        jsonb,
    base_seq    bigint NOT NULL,
    -- False when the hub kept it out of the shop's rows (see conflicts).
    applied     boolean NOT NULL DEFAULT true,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_id, seq),
    UNIQUE (device_id, device_seq)
);

-- Facts for people: two places changed one row while apart, or a change
-- could not be applied to the shop's rows as it stands. Never resolved here.
CREATE TABLE conflicts (
    id            uuid PRIMARY KEY,
    shop_id       uuid NOT NULL REFERENCES shops (id),
    seq           bigint NOT NULL,
    tbl           text NOT NULL,
    row_key       text NOT NULL,
    kind          text NOT NULL,
    -- The other side: the version this change was not made on.
    other_seq     bigint,
    other_device  uuid,
    detail        text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at   timestamptz,
    FOREIGN KEY (shop_id, seq) REFERENCES changes (shop_id, seq)
);
CREATE INDEX conflicts_open ON conflicts (shop_id) WHERE resolved_at IS NULL;
