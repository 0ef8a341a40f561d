-- Device migration 0019: the shop's rules as a shared table (owner or admin).
CREATE TABLE rows.shop_settings (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "key" text,
    "value" text,
    PRIMARY KEY (_shop, "key")
);
