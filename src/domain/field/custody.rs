//! The chain of custody of a device that leaves the customer's hands:
//! customer → courier → counter → technician → counter → courier →
//! customer. Every handover names who gives and who takes; the giver must be
//! whoever holds the device now, so the counter can always say where it is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Customer,
    Courier,
    Counter,
    Technician,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The device is with someone else than the one handing it over.
    NotTheHolder { holder: Party },
    /// A handover to oneself, or one the process never has (customer →
    /// technician, courier → technician).
    NotAllowed,
}

/// Who holds the device after `handovers` (the customer before the first).
pub fn holder(handovers: &[(Party, Party)]) -> Party {
    handovers.last().map_or(Party::Customer, |(_, to)| *to)
}

/// Checks one more handover against the chain so far.
pub fn check(handovers: &[(Party, Party)], from: Party, to: Party) -> Result<(), Refusal> {
    use Party::*;
    let now = holder(handovers);
    if from != now {
        return Err(Refusal::NotTheHolder { holder: now });
    }
    let allowed = matches!(
        (from, to),
        (Customer, Courier)
            | (Customer, Counter)
            | (Courier, Counter)
            | (Courier, Customer)
            | (Counter, Technician)
            | (Counter, Courier)
            | (Counter, Customer)
            | (Technician, Counter)
    );
    if allowed {
        Ok(())
    } else {
        Err(Refusal::NotAllowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Party::*;

    #[test]
    fn the_round_trip_and_its_refusals() {
        let trip = [
            (Customer, Courier),
            (Courier, Counter),
            (Counter, Technician),
            (Technician, Counter),
            (Counter, Courier),
            (Courier, Customer),
        ];
        let mut chain = vec![];
        for (from, to) in trip {
            assert_eq!(check(&chain, from, to), Ok(()), "{from:?} → {to:?}");
            chain.push((from, to));
        }
        assert_eq!(holder(&chain), Customer);
        assert_eq!(
            check(&chain[..2], Courier, Counter),
            Err(Refusal::NotTheHolder { holder: Counter })
        );
        assert_eq!(check(&[], Customer, Technician), Err(Refusal::NotAllowed));
        assert_eq!(check(&[], Customer, Customer), Err(Refusal::NotAllowed));
        assert_eq!(
            check(&[(Customer, Courier)], Courier, Technician),
            Err(Refusal::NotAllowed),
            "the device passes the counter first"
        );
    }
}
