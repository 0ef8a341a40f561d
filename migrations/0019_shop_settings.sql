-- The shop's rules (discount limit, payment window, cancellation and
-- returns, shipping, on-site visits) are one for the whole shop and travel
-- with sync; the device's own settings (idle lock, its backups) stay in
-- `settings`, which never leaves the device.
CREATE TABLE shop_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO shop_settings (key, value)
    SELECT key, value FROM settings
    WHERE key IN ('discount_limit_percent', 'payment_window_hours', 'cod_regions', 'customer_may_cancel_paid',
                  'cancel_fee_percent', 'reship_fee', 'shipping', 'visits', 'return_policy');
DELETE FROM settings
    WHERE key IN ('discount_limit_percent', 'payment_window_hours', 'cod_regions', 'customer_may_cancel_paid',
                  'cancel_fee_percent', 'reship_fee', 'shipping', 'visits', 'return_policy');
