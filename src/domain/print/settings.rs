//! The printers of one device (a counter PC, a technician's laptop): the
//! receipt printer with its paper, code page, cut and drawer, the label
//! printer with its language and label size, the A4 printer, and what
//! prints by itself. Printers belong to the PC, so these never sync.

use super::escpos::{CodePage, Cut, Width};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the bytes reach a printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Connection {
    /// A network printer's `host:port` (raw TCP, port 9100 by default).
    Network { address: String },
    /// A USB or serial printer's device: `/dev/usb/lp0`, `/dev/ttyUSB0`,
    /// `COM3`.
    Device { path: String },
    /// A printer queue of the OS spooler (CUPS `lp -o raw`, the Windows
    /// spooler), the job sent raw.
    Spooler { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReceiptPrinter {
    pub connection: Connection,
    /// 58 mm = 32 columns, 80 mm = 42 or 48.
    pub width: Width,
    /// The table Konter writes text in …
    pub code_page: CodePage,
    /// … and that table's number on this printer (`ESC t n`: it differs
    /// by vendor; Epson: PC437 0, PC857 13, WPC1254 48).
    pub code_table: u8,
    pub cut: Cut,
    /// The drawer's pin (2 or 5) and its pulse in ms.
    pub drawer_pin: u8,
    pub drawer_pulse_ms: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LabelLanguage {
    /// Zebra and compatibles.
    Zpl,
    /// TSC, Xprinter and most low-cost label printers.
    Tspl,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LabelPrinter {
    pub connection: Connection,
    pub language: LabelLanguage,
    pub width_mm: u16,
    pub height_mm: u16,
    /// 203 or 300.
    pub dpi: u16,
}

/// What prints by itself, each switchable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutoPrint {
    /// The receipt after a payment at the counter.
    pub payment_receipt: bool,
    /// The intake receipt after an intake …
    pub intake_receipt: bool,
    /// … in 1 or 2 copies (customer's and shop's).
    pub intake_copies: u8,
    /// The device label at intake.
    pub intake_label: bool,
    /// Product or serial labels at stock receipt.
    pub stock_labels: bool,
    /// The warranty card at handover.
    pub warranty_card: bool,
    /// The drawer opens on a cash payment or refund.
    pub drawer_on_cash: bool,
}

impl Default for AutoPrint {
    fn default() -> Self {
        AutoPrint {
            payment_receipt: true,
            intake_receipt: true,
            intake_copies: 2,
            intake_label: true,
            stock_labels: false,
            warranty_card: false,
            drawer_on_cash: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Printers {
    /// None: receipts open as PDF in the viewer, as without printers.
    pub receipt: Option<ReceiptPrinter>,
    pub label: Option<LabelPrinter>,
    /// The OS printer A4 documents go to; None: they open in the viewer.
    pub a4_printer: Option<String>,
    pub auto: AutoPrint,
}

/// A network printer's address: `host:port` (port 9100 when left out).
pub fn address(setting: &str) -> Result<String> {
    let s = setting.trim();
    let bad = || {
        Error::validation(
            "printer",
            "invalid_printer",
            "a printer's address, e.g. 192.168.1.50:9100",
        )
    };
    if s.is_empty() || s.len() > 100 || s.contains(char::is_whitespace) || s.contains('/') {
        return Err(bad());
    }
    match s.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && !host.ends_with(':') => {
            port.parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(bad)?;
            Ok(s.to_string())
        }
        Some(_) => Err(bad()),
        None => Ok(format!("{s}:9100")),
    }
}

/// An OS printer queue's name as CUPS and Windows allow it.
pub fn queue_name(field: &str, name: &str) -> Result<String> {
    let n = name.trim();
    let ok = !n.is_empty()
        && n.len() <= 127
        && !n.starts_with('-')
        && n.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
    if ok {
        Ok(n.to_string())
    } else {
        Err(Error::validation(
            field,
            "invalid_queue",
            "a printer name as the system lists it",
        ))
    }
}

fn device_path(path: &str) -> Result<String> {
    let p = path.trim();
    // COM1-COM9 as such; above 9 Windows opens them as `\\.\COM12`.
    let port = |n: &str| n.parse::<u8>().is_ok_and(|n| n > 0);
    let upper = p.to_ascii_uppercase();
    let com = (upper.len() == 4 && upper.starts_with("COM") && port(&upper[3..]))
        || upper.strip_prefix("\\\\.\\COM").is_some_and(port);
    let unix = p.starts_with("/dev/") && p.len() <= 100 && !p.contains("..");
    if com || unix {
        Ok(p.to_string())
    } else {
        Err(Error::validation(
            "printer",
            "invalid_device",
            "a printer device, e.g. /dev/usb/lp0 or COM3",
        ))
    }
}

impl Connection {
    fn validate(self, field: &str) -> Result<Connection> {
        let named = |e: Error| match e {
            Error::Validation { code, message, .. } => Error::Validation {
                field: field.to_string(),
                code,
                message,
            },
            e => e,
        };
        Ok(match self {
            Connection::Network { address: a } => Connection::Network {
                address: address(&a).map_err(named)?,
            },
            Connection::Device { path } => Connection::Device {
                path: device_path(&path).map_err(named)?,
            },
            Connection::Spooler { name } => Connection::Spooler {
                name: queue_name(field, &name)?,
            },
        })
    }
}

impl Printers {
    /// The settings as they may be saved, or the first field that is wrong.
    pub fn validate(self) -> Result<Printers> {
        let receipt = match self.receipt {
            None => None,
            Some(r) => {
                if r.drawer_pin != 2 && r.drawer_pin != 5 {
                    return Err(Error::validation(
                        "drawer_pin",
                        "invalid_pin",
                        "pin 2 or pin 5",
                    ));
                }
                if !(10..=500).contains(&r.drawer_pulse_ms) {
                    return Err(Error::validation(
                        "drawer_pulse_ms",
                        "out_of_range",
                        "10 to 500 ms",
                    ));
                }
                Some(ReceiptPrinter {
                    connection: r.connection.validate("receipt_printer")?,
                    ..r
                })
            }
        };
        let label = match self.label {
            None => None,
            Some(l) => {
                for (field, mm) in [
                    ("label_width_mm", l.width_mm),
                    ("label_height_mm", l.height_mm),
                ] {
                    if !(15..=150).contains(&mm) {
                        return Err(Error::validation(field, "out_of_range", "15 to 150 mm"));
                    }
                }
                if l.dpi != 203 && l.dpi != 300 {
                    return Err(Error::validation(
                        "label_dpi",
                        "invalid_dpi",
                        "203 or 300 dpi",
                    ));
                }
                Some(LabelPrinter {
                    connection: l.connection.validate("label_printer")?,
                    ..l
                })
            }
        };
        let a4_printer = match self.a4_printer {
            Some(n) if !n.trim().is_empty() => Some(queue_name("a4_printer", &n)?),
            _ => None,
        };
        if !(1..=2).contains(&self.auto.intake_copies) {
            return Err(Error::validation(
                "intake_copies",
                "out_of_range",
                "1 or 2 copies",
            ));
        }
        Ok(Printers {
            receipt,
            label,
            a4_printer,
            auto: self.auto,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(connection: Connection) -> Printers {
        Printers {
            receipt: Some(ReceiptPrinter {
                connection,
                width: Width::Cols42,
                code_page: CodePage::Pc437,
                code_table: 0,
                cut: Cut::Partial,
                drawer_pin: 2,
                drawer_pulse_ms: 100,
            }),
            ..Printers::default()
        }
    }

    #[test]
    fn printer_addresses() {
        assert_eq!(address("192.168.1.50").unwrap(), "192.168.1.50:9100");
        assert_eq!(
            address(" printer.local:9101 ").unwrap(),
            "printer.local:9101"
        );
        for bad in ["", "a b", "http://x", "x:0", "x:99999", ":9100", "x:"] {
            assert_eq!(
                address(bad).unwrap_err().code(),
                Some("invalid_printer"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn every_wrong_field_is_named() {
        let ok = receipt(Connection::Network {
            address: "10.0.0.9".into(),
        })
        .validate()
        .unwrap();
        assert_eq!(
            ok.receipt.unwrap().connection,
            Connection::Network {
                address: "10.0.0.9:9100".into()
            }
        );
        for (c, field) in [
            (
                Connection::Network {
                    address: "x y".into(),
                },
                "receipt_printer",
            ),
            (
                Connection::Device {
                    path: "/etc/passwd/../x".into(),
                },
                "receipt_printer",
            ),
            (
                Connection::Device {
                    path: "LPT1".into(),
                },
                "receipt_printer",
            ),
            (
                Connection::Device {
                    path: "COM12".into(),
                },
                "receipt_printer",
            ),
            (
                Connection::Spooler {
                    name: "-oraw;rm".into(),
                },
                "receipt_printer",
            ),
        ] {
            let e = receipt(c).validate().unwrap_err();
            assert_eq!(e.field(), Some(field), "{e:?}");
        }
        for p in ["/dev/usb/lp0", "COM3", "\\\\.\\COM12"] {
            assert!(receipt(Connection::Device { path: p.into() })
                .validate()
                .is_ok());
        }
        let mut p = receipt(Connection::Device {
            path: "/dev/usb/lp0".into(),
        });
        p.receipt.as_mut().unwrap().drawer_pin = 3;
        assert_eq!(
            p.clone().validate().unwrap_err().field(),
            Some("drawer_pin")
        );
        p.receipt.as_mut().unwrap().drawer_pin = 5;
        p.receipt.as_mut().unwrap().drawer_pulse_ms = 0;
        assert_eq!(
            p.clone().validate().unwrap_err().field(),
            Some("drawer_pulse_ms")
        );
        let mut p = Printers {
            a4_printer: Some("HP_LaserJet".into()),
            ..Printers::default()
        };
        assert!(p.clone().validate().is_ok());
        p.a4_printer = Some("a;b".into());
        assert_eq!(
            p.clone().validate().unwrap_err().field(),
            Some("a4_printer")
        );
        p.a4_printer = Some("  ".into());
        assert_eq!(p.clone().validate().unwrap().a4_printer, None);
        p.auto.intake_copies = 3;
        assert_eq!(p.validate().unwrap_err().field(), Some("intake_copies"));
        let l = Printers {
            label: Some(LabelPrinter {
                connection: Connection::Spooler {
                    name: "Zebra".into(),
                },
                language: LabelLanguage::Zpl,
                width_mm: 50,
                height_mm: 5,
                dpi: 203,
            }),
            ..Printers::default()
        };
        assert_eq!(l.validate().unwrap_err().field(), Some("label_height_mm"));
    }
}
