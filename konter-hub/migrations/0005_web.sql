-- The shop's public face (issue 14): the pages customers open (service
-- tracking, quote approval, payment confirmation, warranty card check) and
-- the web store's webhooks. What they ask of the counter waits here as a
-- request until a device of the shop carries it through the counter's rules.

-- Per shop: the key the pages sign their sessions and form tokens with, and
-- the WooCommerce webhook's secret (set by the owner; none: webhooks refused).
CREATE TABLE web_keys (
    shop_id     uuid PRIMARY KEY REFERENCES shops (id),
    page_key    bytea NOT NULL CHECK (length(page_key) = 32),
    woo_secret  text CHECK (woo_secret IS NULL OR length(woo_secret) BETWEEN 16 AND 200),
    -- The store the secret is for, named as a pull from it names it (its
    -- host): the webhook's orders are that store's whatever its headers say.
    woo_store   text CHECK (woo_store IS NULL OR length(woo_store) BETWEEN 1 AND 200)
);

CREATE TABLE web_requests (
    id            uuid PRIMARY KEY,
    shop_id       uuid NOT NULL REFERENCES shops (id),
    kind          text NOT NULL CHECK (kind IN ('quote_decision', 'transfer_confirmation', 'woo_order')),
    -- The ticket or order it is about (a ticket or order id, or the store's
    -- order id for a webhook).
    subject       text NOT NULL,
    payload       jsonb NOT NULL,
    -- The shop's head when it was taken: a device carries it out once it
    -- has pulled this far (it then holds what the request names).
    head_at       bigint NOT NULL,
    -- A redelivered webhook (the same order at the same modified time) is
    -- the same request.
    dedupe        text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    claimed_by    uuid REFERENCES devices (id),
    claimed_at    timestamptz,
    done_at       timestamptz,
    applied       boolean,
    outcome_code  text
);
CREATE UNIQUE INDEX web_requests_dedupe ON web_requests (shop_id, kind, dedupe) WHERE dedupe IS NOT NULL;
-- One open decision per ticket (a second click waits for the first), one
-- open transfer confirmation per order.
CREATE UNIQUE INDEX web_requests_one_decision ON web_requests (shop_id, subject)
    WHERE kind = 'quote_decision' AND done_at IS NULL;
CREATE UNIQUE INDEX web_requests_one_confirmation ON web_requests (shop_id, subject)
    WHERE kind = 'transfer_confirmation' AND done_at IS NULL;
CREATE INDEX web_requests_open ON web_requests (shop_id, head_at) WHERE done_at IS NULL;
-- The tracking page's last decision of a ticket.
CREATE INDEX web_requests_subject ON web_requests (shop_id, subject, created_at);

-- The proof a customer attached to a transfer confirmation, its type read
-- from its bytes.
CREATE TABLE web_proofs (
    id          uuid PRIMARY KEY,
    shop_id     uuid NOT NULL REFERENCES shops (id),
    request_id  uuid NOT NULL REFERENCES web_requests (id),
    media_type  text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    sha256      text NOT NULL,
    bytes       bytea NOT NULL CHECK (length(bytes) BETWEEN 1 AND 2097152)
);

-- What the pages look up by.
CREATE INDEX tickets_tracking ON rows.tickets (_shop, tracking_code);
CREATE INDEX ticket_events_ticket ON rows.ticket_events (_shop, ticket_id);
CREATE INDEX quote_lines_ticket ON rows.quote_lines (_shop, ticket_id);
CREATE INDEX payments_ticket ON rows.payments (_shop, ticket_id);
CREATE INDEX invoices_ticket ON rows.invoices (_shop, ticket_id);
CREATE INDEX orders_number ON rows.orders (_shop, number);
CREATE INDEX warranties_serial ON rows.warranties (_shop, serial);
