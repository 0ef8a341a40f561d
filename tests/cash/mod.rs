//! The cash drawer's shift on a real SQLite file: the float, the payments
//! of the counter, pay-ins and pay-outs, the close against the counted
//! cash, a second shift in a day, and who may do what.

mod shift;
