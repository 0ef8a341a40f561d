//! The owner's reports against the data that made them, and their exports
//! read back (CSV, XLSX with calamine, PDF with pdftotext).

mod figures;
