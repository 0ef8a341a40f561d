//! Türkiye's rules (issue 18), beside Indonesia's: the tax ids a Turkish
//! invoice carries (`tax_id`: VKN and TCKN with their check digits, GİB's
//! placeholders), the amount in words it prints (`yaziyla`), the consumer
//! law's clocks (`law6502`: the two-year warranty grown by the repair days,
//! 20 working days to repair, the loan device, the customer's choices) and
//! the distance buyer's right to withdraw (`cayma`).

pub mod cayma;
pub mod law6502;
pub mod tax_id;
pub mod yaziyla;
