//! The repair counter: the day's story from intake to pickup, the counter's
//! rules around it, and money corrected on tickets.

pub(crate) mod counter_rules;
pub(crate) mod money_rules;
pub(crate) mod story;
