//! Writing CSV that spreadsheets open safely: RFC 4180 quoting, and cells
//! that would start a formula (= + - @, tab, CR) prefixed with an apostrophe
//! so opening an export never runs anything.

/// One CSV line (CRLF-terminated) from its cells.
pub fn row(cells: &[&str]) -> String {
    let mut out = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

pub fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Splits one CSV record (RFC 4180, quotes doubled inside quoted cells).
/// `None` when a quote is left open.
pub fn split(line: &str) -> Option<Vec<String>> {
    split_on(line, ',')
}

/// The same with another delimiter (`;` from spreadsheets set to Indonesian).
pub fn split_on(line: &str, delimiter: char) -> Option<Vec<String>> {
    let mut cells = vec![];
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.is_empty() => quoted = true,
            (d, false) if d == delimiter => cells.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    if quoted {
        return None;
    }
    cells.push(cur);
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quoting_and_formula_guard() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(row(&["a", "b"]), "a,b\r\n");
        assert_eq!(split("\"a,b\",c"), Some(vec!["a,b".into(), "c".into()]));
        assert_eq!(split("\"open"), None);
    }

    proptest! {
        /// Whatever a cell holds, writing then splitting gives it back (with
        /// the formula guard) and never splits it across cells.
        #[test]
        fn cells_round_trip(cells in proptest::collection::vec("[^\r\n]{0,20}", 1..6)) {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            let line = row(&refs);
            let back = split(line.trim_end_matches("\r\n")).expect("balanced quotes");
            prop_assert_eq!(back.len(), cells.len());
            for (b, c) in back.iter().zip(&cells) {
                let expected = if c.starts_with(['=', '+', '-', '@', '\t']) { format!("'{c}") } else { c.clone() };
                prop_assert_eq!(b, &expected);
            }
        }

        #[test]
        fn split_never_panics(line in ".{0,80}") {
            let _ = split(&line);
        }
    }
}
