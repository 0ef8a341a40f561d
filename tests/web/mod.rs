//! The shop's public face at the counter, on a real SQLite file: the
//! owner's message wording and public address (checked, audited, only an
//! owner's or admin's), and a WhatsApp message prepared from a ticket and
//! from an order. The pages themselves are tested at a real hub
//! (konter-hub/tests/hub/web.rs) and in a real browser (tests/e2e/pages.mjs).

mod messages;
