//! The code pages a receipt's text is written in, and what a character a
//! page lacks becomes (its letter without the accent, else `?`).

/// The code pages Konter writes text in (the printer's table number for
/// each differs by vendor, so it is a setting; these are the tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CodePage {
    /// PC437 (USA): ASCII and box drawing, enough for Bahasa Indonesia.
    Pc437,
    /// PC857 (Turkish).
    Pc857,
    /// Windows-1254 (Turkish).
    Wpc1254,
}

/// A character the code page lacks is written as this.
pub const REPLACEMENT: u8 = b'?';

impl CodePage {
    /// The byte for `c` in this code page: ASCII as is, the Turkish letters
    /// where the page has them, accented letters without their accent
    /// where it does not, `?` otherwise.
    pub fn byte(self, c: char) -> u8 {
        if c.is_ascii() && !c.is_ascii_control() {
            return c as u8;
        }
        let table: &[(char, u8)] = match self {
            CodePage::Pc437 => &[
                ('é', 0x82),
                ('ü', 0x81),
                ('ö', 0x94),
                ('ç', 0x87),
                ('Ç', 0x80),
                ('Ö', 0x99),
                ('Ü', 0x9A),
            ],
            CodePage::Pc857 => &[
                ('ç', 0x87),
                ('Ç', 0x80),
                ('ğ', 0xA7),
                ('Ğ', 0xA6),
                ('ı', 0x8D),
                ('İ', 0x98),
                ('ö', 0x94),
                ('Ö', 0x99),
                ('ş', 0x9F),
                ('Ş', 0x9E),
                ('ü', 0x81),
                ('Ü', 0x9A),
                ('é', 0x82),
            ],
            CodePage::Wpc1254 => &[
                ('ç', 0xE7),
                ('Ç', 0xC7),
                ('ğ', 0xF0),
                ('Ğ', 0xD0),
                ('ı', 0xFD),
                ('İ', 0xDD),
                ('ö', 0xF6),
                ('Ö', 0xD6),
                ('ş', 0xFE),
                ('Ş', 0xDE),
                ('ü', 0xFC),
                ('Ü', 0xDC),
                ('é', 0xE9),
            ],
        };
        if let Some((_, b)) = table.iter().find(|(ch, _)| *ch == c) {
            return *b;
        }
        ascii(c)
    }
}

/// The ASCII byte a character is written as where no code page serves
/// (labels): ASCII as is, a letter without its accent, `?` otherwise.
pub fn ascii(c: char) -> u8 {
    if c.is_ascii() && !c.is_ascii_control() {
        return c as u8;
    }
    match c {
        'á' | 'à' | 'â' | 'ä' => b'a',
        'è' | 'ê' | 'ë' | 'é' => b'e',
        'í' | 'ì' | 'î' | 'ï' | 'ı' => b'i',
        'ó' | 'ò' | 'ô' | 'ö' => b'o',
        'ú' | 'ù' | 'û' | 'ü' => b'u',
        'ç' => b'c',
        'ş' => b's',
        'ğ' => b'g',
        'Ç' => b'C',
        'Ş' => b'S',
        'Ğ' => b'G',
        'İ' => b'I',
        'Ö' => b'O',
        'Ü' => b'U',
        '–' | '—' => b'-',
        '‘' | '’' => b'\'',
        '“' | '”' => b'"',
        '·' | '•' => b'*',
        '×' => b'x',
        '\u{a0}' => b' ',
        _ => REPLACEMENT,
    }
}
