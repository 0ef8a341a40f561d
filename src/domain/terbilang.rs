//! Terbilang: an amount in Indonesian words, as printed on invoices
//! ("satu juta dua ratus ribu rupiah"). Whole rupiah only.

const UNITS: [&str; 12] = [
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
];

/// Words for a non-negative integer, e.g. 1_234 → "seribu dua ratus tiga puluh empat".
pub fn words(n: u64) -> String {
    if n == 0 {
        return UNITS[0].to_string();
    }
    below(n)
}

fn below(n: u64) -> String {
    match n {
        0 => String::new(),
        1..=11 => UNITS[n as usize].to_string(),
        12..=19 => format!("{} belas", UNITS[(n - 10) as usize]),
        20..=99 => join(format!("{} puluh", UNITS[(n / 10) as usize]), below(n % 10)),
        100..=199 => join("seratus".into(), below(n % 100)),
        200..=999 => join(
            format!("{} ratus", UNITS[(n / 100) as usize]),
            below(n % 100),
        ),
        1_000..=1_999 => join("seribu".into(), below(n % 1_000)),
        2_000..=999_999 => join(format!("{} ribu", below(n / 1_000)), below(n % 1_000)),
        1_000_000..=999_999_999 => scale(n, 1_000_000, "juta"),
        1_000_000_000..=999_999_999_999 => scale(n, 1_000_000_000, "miliar"),
        1_000_000_000_000..=999_999_999_999_999 => scale(n, 1_000_000_000_000, "triliun"),
        _ => scale(n, 1_000_000_000_000_000, "kuadriliun"),
    }
}

fn scale(n: u64, unit: u64, name: &str) -> String {
    join(format!("{} {name}", below(n / unit)), below(n % unit))
}

fn join(head: String, tail: String) -> String {
    if tail.is_empty() {
        head
    } else {
        format!("{head} {tail}")
    }
}

/// "Satu juta dua ratus ribu rupiah" — capitalised, with the currency word.
pub fn rupiah(n: u64) -> String {
    let mut s = words(n);
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    format!("{s} rupiah")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(u64, &str)] = &[
            (0, "nol"),
            (1, "satu"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (12, "dua belas"),
            (19, "sembilan belas"),
            (20, "dua puluh"),
            (21, "dua puluh satu"),
            (100, "seratus"),
            (101, "seratus satu"),
            (111, "seratus sebelas"),
            (250, "dua ratus lima puluh"),
            (1_000, "seribu"),
            (1_001, "seribu satu"),
            (2_000, "dua ribu"),
            (11_000, "sebelas ribu"),
            (100_000, "seratus ribu"),
            (150_000, "seratus lima puluh ribu"),
            (1_000_000, "satu juta"),
            (1_100_000, "satu juta seratus ribu"),
            (
                1_234_567_890,
                "satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu delapan ratus sembilan puluh",
            ),
            (1_000_000_000_000, "satu triliun"),
        ];
        for (n, expected) in cases {
            assert_eq!(words(*n), *expected, "{n}");
        }
    }

    #[test]
    fn rupiah_is_capitalised() {
        assert_eq!(
            rupiah(166_500),
            "Seratus enam puluh enam ribu lima ratus rupiah"
        );
        assert_eq!(rupiah(0), "Nol rupiah");
    }
}
