//! Yazıyla: an amount in Turkish words, as Turkish invoices print it under
//! the total ("Yalnız Bin İki Yüz Otuz Dört Türk Lirası Elli Altı Kuruş").
//! "Bir" is dropped before "yüz" and "bin" (yüz, bin; but bir milyon).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

const ONES: [&str; 10] = [
    "", "Bir", "İki", "Üç", "Dört", "Beş", "Altı", "Yedi", "Sekiz", "Dokuz",
];
const TENS: [&str; 10] = [
    "", "On", "Yirmi", "Otuz", "Kırk", "Elli", "Altmış", "Yetmiş", "Seksen", "Doksan",
];
const SCALES: [&str; 7] = [
    "",
    "Bin",
    "Milyon",
    "Milyar",
    "Trilyon",
    "Katrilyon",
    "Kentilyon",
];

/// Words for 1–999 (empty for 0).
fn hundreds(n: u64) -> Vec<&'static str> {
    let (h, t, o) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let mut w = vec![];
    if h > 1 {
        w.push(ONES[h]);
    }
    if h > 0 {
        w.push("Yüz");
    }
    w.extend([TENS[t], ONES[o]].into_iter().filter(|s| !s.is_empty()));
    w
}

/// Words for a whole number: 1_234 → "Bin İki Yüz Otuz Dört"; 0 → "Sıfır".
pub fn words(n: u64) -> String {
    if n == 0 {
        return "Sıfır".into();
    }
    let mut groups = vec![];
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 1000);
        rest /= 1000;
    }
    let mut out: Vec<&str> = vec![];
    for (k, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        // "Bin", never "Bir Bin".
        if !(k == 1 && g == 1) {
            out.extend(hundreds(g));
        }
        if k > 0 {
            out.push(SCALES[k]);
        }
    }
    out.join(" ")
}

/// "Yalnız … Türk Lirası … Kuruş" for a lira amount (rounded to the kuruş;
/// no kuruş part when it is whole; no lira part below one lira).
pub fn lira(amount: Decimal) -> String {
    let a = amount.abs().round_dp(2);
    let lira = a.trunc().to_u64().unwrap_or(0);
    let kurus = ((a - a.trunc()) * Decimal::from(100)).to_u64().unwrap_or(0);
    match (lira, kurus) {
        (l, 0) => format!("Yalnız {} Türk Lirası", words(l)),
        (0, k) => format!("Yalnız {} Kuruş", words(k)),
        (l, k) => format!("Yalnız {} Türk Lirası {} Kuruş", words(l), words(k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn table() {
        let cases: &[(u64, &str)] = &[
            (0, "Sıfır"),
            (1, "Bir"),
            (10, "On"),
            (11, "On Bir"),
            (20, "Yirmi"),
            (99, "Doksan Dokuz"),
            (100, "Yüz"),
            (101, "Yüz Bir"),
            (200, "İki Yüz"),
            (999, "Dokuz Yüz Doksan Dokuz"),
            (1_000, "Bin"),
            (1_001, "Bin Bir"),
            (1_234, "Bin İki Yüz Otuz Dört"),
            (2_000, "İki Bin"),
            (10_000, "On Bin"),
            (100_000, "Yüz Bin"),
            (101_000, "Yüz Bir Bin"),
            (1_000_000, "Bir Milyon"),
            (1_001_000, "Bir Milyon Bin"),
            (2_500_000, "İki Milyon Beş Yüz Bin"),
            (1_000_000_000, "Bir Milyar"),
            (18_446_744_073_709_551_615, "On Sekiz Kentilyon Dört Yüz Kırk Altı Katrilyon Yedi Yüz Kırk Dört Trilyon Yetmiş Üç Milyar Yedi Yüz Dokuz Milyon Beş Yüz Elli Bir Bin Altı Yüz On Beş"),
        ];
        for (n, w) in cases {
            assert_eq!(&words(*n), w, "{n}");
        }
    }

    #[test]
    fn lira_and_kurus() {
        assert_eq!(
            lira(dec!(1234.56)),
            "Yalnız Bin İki Yüz Otuz Dört Türk Lirası Elli Altı Kuruş"
        );
        assert_eq!(lira(dec!(1234)), "Yalnız Bin İki Yüz Otuz Dört Türk Lirası");
        assert_eq!(lira(dec!(0.05)), "Yalnız Beş Kuruş");
        assert_eq!(lira(dec!(0)), "Yalnız Sıfır Türk Lirası");
        assert_eq!(
            lira(dec!(1.005)),
            "Yalnız Bir Türk Lirası",
            "banker's rounding to the kuruş"
        );
        assert_eq!(lira(dec!(20.10)), "Yalnız Yirmi Türk Lirası On Kuruş");
    }
}
