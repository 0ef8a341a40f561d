//! Türkiye's rules (issue 18), beside Indonesia's: the tax ids a Turkish
//! invoice carries (`tax_id`: VKN and TCKN with their check digits, GİB's
//! placeholders) and the amount in words it prints (`yaziyla`).

pub mod tax_id;
pub mod yaziyla;
