//! Paper straight to the counter's printers (issue 15, first part): a
//! receipt's ESC/POS bytes (`domain::print::escpos`) sent to a network
//! receipt printer on TCP 9100. A printer that is off, unreachable or
//! stops reading answers within seconds with a clear error; the caller
//! keeps the document to print again.

use crate::error::{Error, Result};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// How long a printer may take to accept the connection, and then each
/// write.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

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

/// Sends the bytes to the printer at `addr` and closes the connection.
pub async fn send(addr: &str, bytes: &[u8]) -> Result<()> {
    let addr = address(addr)?;
    let unreachable = || {
        Error::invalid_state(
            "printer_unreachable",
            format!("the printer at {addr} does not answer: is it on and on the network?"),
        )
    };
    let mut stream =
        match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(&addr)).await {
            Ok(Ok(s)) => s,
            _ => return Err(unreachable()),
        };
    let stopped = || {
        Error::invalid_state("printer_stopped", format!("the printer at {addr} stopped taking the receipt (paper out or cover open?); it can be printed again"))
    };
    for chunk in bytes.chunks(4096) {
        match tokio::time::timeout(WRITE_TIMEOUT, stream.write_all(chunk)).await {
            Ok(Ok(())) => {}
            _ => return Err(stopped()),
        }
    }
    match tokio::time::timeout(WRITE_TIMEOUT, stream.shutdown()).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(stopped()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
