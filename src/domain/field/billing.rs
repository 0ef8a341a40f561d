//! What a visit charges. A paid or installation visit bills its price, the
//! after-hours surcharge the customer accepted, the parts used at their
//! price and the labour at the shop's rate. A warranty visit, and a
//! maintenance visit under a contract, and a visit a service order covers
//! (its milestone work, or support inside the support period), are
//! covered: only an accepted surcharge is billed. Lines of nothing are left out; no lines, no invoice.

use crate::domain::field::policy::VisitPolicy;
use crate::domain::money::Currency;
use crate::domain::totals::{Line, LineKind};
use rust_decimal::Decimal;

/// A part taken from stock on site, priced from the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedPart {
    pub description: String,
    pub qty: i64,
    pub unit_price: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VisitCharges<'a> {
    /// warranty | paid | maintenance | installation
    pub kind: &'a str,
    pub under_contract: bool,
    /// Made for a service order that covers it: a milestone's work (the
    /// order bills it) or a support visit inside the support period.
    pub under_order: bool,
    pub price: Decimal,
    pub surcharge: Decimal,
    pub parts: &'a [UsedPart],
    pub labour_minutes: u32,
}

impl VisitCharges<'_> {
    pub fn covered(&self) -> bool {
        self.kind == "warranty"
            || (self.kind == "maintenance" && self.under_contract)
            || self.under_order
    }

    pub fn lines(&self, policy: &VisitPolicy, cur: Currency) -> Vec<Line> {
        let fee = |description: &str, amount: Decimal, kind: LineKind| Line {
            kind,
            description: description.to_string(),
            qty: Decimal::ONE,
            unit_price: amount,
            discount: Decimal::ZERO,
        };
        let mut lines = vec![];
        if !self.covered() {
            lines.push(fee("Biaya kunjungan", self.price, LineKind::Fee));
        }
        lines.push(fee(
            "Biaya di luar jam kerja",
            self.surcharge,
            LineKind::Fee,
        ));
        if !self.covered() {
            lines.extend(self.parts.iter().map(|p| Line {
                kind: LineKind::Part,
                description: p.description.clone(),
                qty: Decimal::from(p.qty),
                unit_price: p.unit_price,
                discount: Decimal::ZERO,
            }));
            lines.push(fee(
                &format!("Jasa teknisi {} menit", self.labour_minutes),
                policy.labour(self.labour_minutes, cur),
                LineKind::Labour,
            ));
        }
        lines.retain(|l| !l.amount(cur).is_zero());
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn parts() -> Vec<UsedPart> {
        vec![UsedPart {
            description: "ROLLER-A0 Roller".into(),
            qty: 2,
            unit_price: dec!(250000),
        }]
    }

    fn billed(kind: &str, contract: bool, surcharge: Decimal) -> Vec<(String, Decimal)> {
        billed_for(kind, contract, false, surcharge)
    }

    fn billed_for(
        kind: &str,
        contract: bool,
        order: bool,
        surcharge: Decimal,
    ) -> Vec<(String, Decimal)> {
        let parts = parts();
        let c = VisitCharges {
            kind,
            under_contract: contract,
            under_order: order,
            price: dec!(400000),
            surcharge,
            parts: &parts,
            labour_minutes: 90,
        };
        c.lines(&VisitPolicy::default(), Currency::IDR)
            .iter()
            .map(|l| (l.description.clone(), l.amount(Currency::IDR)))
            .collect()
    }

    #[test]
    fn what_each_kind_of_visit_bills() {
        let full = vec![
            ("Biaya kunjungan".to_string(), dec!(400000)),
            ("Biaya di luar jam kerja".to_string(), dec!(200000)),
            ("ROLLER-A0 Roller".to_string(), dec!(500000)),
            ("Jasa teknisi 90 menit".to_string(), dec!(225000)),
        ];
        assert_eq!(billed("paid", false, dec!(200000)), full);
        assert_eq!(billed("installation", false, dec!(200000)), full);
        assert_eq!(billed("maintenance", false, dec!(200000)), full);
        let surcharge_only = vec![("Biaya di luar jam kerja".to_string(), dec!(200000))];
        assert_eq!(billed("warranty", false, dec!(200000)), surcharge_only);
        assert_eq!(billed("maintenance", true, dec!(200000)), surcharge_only);
        assert!(billed("warranty", false, dec!(0)).is_empty(), "no invoice");
        // A service order's milestone work or support inside its period.
        assert_eq!(
            billed_for("installation", false, true, dec!(200000)),
            surcharge_only
        );
        assert_eq!(
            billed_for("paid", false, true, dec!(200000)),
            surcharge_only
        );
        assert!(billed_for("paid", false, true, dec!(0)).is_empty());
        assert_eq!(billed("paid", false, dec!(0)).len(), 3, "no zero line");
    }
}
