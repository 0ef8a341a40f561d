//! Printing at the counter without a PDF viewer (issue 15, first part):
//! ESC/POS for the 58/80 mm thermal printers. `escpos` builds the bytes a
//! receipt printer takes (text in the printer's code page, bold and double
//! size, alignment, a native Code128 and QR, the cut, the drawer pulse);
//! the words are wrapped to the paper's columns, never cut off.
//!
//! Plain functions over bytes: sending them is `docs::print`.

pub mod codepage;
pub mod escpos;
