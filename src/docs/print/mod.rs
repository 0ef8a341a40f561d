//! Paper straight to the counter's printers: bytes (ESC/POS, ZPL, TSPL)
//! to a receipt or label printer on the network (TCP 9100), on USB or
//! serial (its device file), or through the OS spooler as a raw job; a PDF
//! to an A4 printer through the spooler. A printer that is off, out of
//! paper, open or stops reading answers within seconds with a clear
//! error; the caller keeps the document to print again.
//!
//! `papers` turns a ticket, order, visit or return into the slip or label
//! to print. The spooler is CUPS (`lp`, `lpstat`) on Linux and macOS; on
//! Windows the raw spooler path is not built (a network or COM printer
//! works there; A4 opens in the viewer).

pub mod papers;

use crate::domain::print::escpos::{self, Stopped, STATUS_REQUEST};
pub use crate::domain::print::settings::address;
use crate::domain::print::settings::Connection;
use crate::error::{Error, Result};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long a printer may take to accept the connection, to answer the
/// status request, and then each write.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
pub const STATUS_TIMEOUT: Duration = Duration::from_millis(800);
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// The socket's send buffer: small, so a printer that stops reading is
/// noticed within [`WRITE_TIMEOUT`] rather than after megabytes.
pub const SEND_BUFFER: u32 = 16 * 1024;

fn unreachable(target: &str) -> Error {
    Error::invalid_state(
        "printer_unreachable",
        format!("the printer at {target} does not answer: is it on and connected?"),
    )
}

fn stopped(target: &str) -> Error {
    Error::invalid_state(
        "printer_stopped",
        format!("the printer at {target} stopped taking the paper (paper out, cover open, or switched off?); check it before printing again"),
    )
}

/// Sends raw bytes to the printer and returns once they are handed over;
/// `escpos`: a receipt printer, asked its status first on the network.
pub async fn send_to(c: &Connection, bytes: &[u8], escpos: bool) -> Result<()> {
    match c {
        Connection::Network { address } => send_with(address, bytes, escpos).await,
        Connection::Device { path } => write_device(path, bytes).await,
        Connection::Spooler { name } => spool(name, bytes, true).await,
    }
}

/// Sends the bytes to the network printer at `addr`: asks its status
/// first (a printer out of paper or with its cover open is refused before
/// anything is sent), then writes and closes the connection.
pub async fn send(addr: &str, bytes: &[u8]) -> Result<()> {
    send_with(addr, bytes, true).await
}

async fn send_with(addr: &str, bytes: &[u8], ask_status: bool) -> Result<()> {
    let addr = address(addr)?;
    let mut stream = connect(&addr).await?;
    let stopped_by = if ask_status {
        status(&mut stream).await
    } else {
        None
    };
    if let Some(s) = stopped_by {
        return Err(match s {
            Stopped::PaperOut => Error::invalid_state(
                "printer_paper_out",
                format!("the printer at {addr} is out of paper: load a roll and print again"),
            ),
            Stopped::CoverOpen => Error::invalid_state(
                "printer_cover_open",
                format!("the printer at {addr} has its cover open: close it and print again"),
            ),
        });
    }
    for chunk in bytes.chunks(4096) {
        match tokio::time::timeout(WRITE_TIMEOUT, stream.write_all(chunk)).await {
            Ok(Ok(())) => {}
            _ => return Err(stopped(&addr)),
        }
    }
    match tokio::time::timeout(WRITE_TIMEOUT, stream.shutdown()).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(stopped(&addr)),
    }
}

async fn connect(addr: &str) -> Result<tokio::net::TcpStream> {
    let go = async {
        let mut last = None;
        for a in tokio::net::lookup_host(addr).await? {
            let socket = if a.is_ipv4() {
                tokio::net::TcpSocket::new_v4()?
            } else {
                tokio::net::TcpSocket::new_v6()?
            };
            socket.set_send_buffer_size(SEND_BUFFER)?;
            match socket.connect(a).await {
                Ok(s) => return Ok(s),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no address")))
    };
    match tokio::time::timeout(CONNECT_TIMEOUT, go).await {
        Ok(Ok(s)) => Ok(s),
        _ => Err(unreachable(addr)),
    }
}

/// The printer's answer to the real-time status request, when it gives
/// one in time (a printer that does not answer is not refused: many
/// cheap ones never do).
async fn status(stream: &mut tokio::net::TcpStream) -> Option<Stopped> {
    stream.write_all(&STATUS_REQUEST).await.ok()?;
    let mut reply = [0u8; 2];
    tokio::time::timeout(STATUS_TIMEOUT, stream.read_exact(&mut reply))
        .await
        .ok()?
        .ok()?;
    escpos::stopped(reply[0], reply[1])
}

async fn write_device(path: &str, bytes: &[u8]) -> Result<()> {
    let (path, bytes) = (path.to_string(), bytes.to_vec());
    let target = path.clone();
    let job = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).open(&path)?;
        f.write_all(&bytes)?;
        f.flush()
    });
    match tokio::time::timeout(WRITE_TIMEOUT, job).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(e))) if e.kind() == std::io::ErrorKind::NotFound => Err(unreachable(&target)),
        Ok(Ok(Err(e))) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(Error::invalid_state(
                "printer_denied",
                format!("this user may not write to {target} (on Linux: add it to the lp group)"),
            ))
        }
        // The write cannot be taken back: the printer may still finish
        // it once it is back.
        _ => Err(Error::invalid_state(
            "printer_stopped",
            format!("the printer at {target} stopped taking the paper; it may still finish this one once it is back: check it before printing again"),
        )),
    }
}

/// A job for the OS spooler's queue `name`: raw bytes for a receipt or
/// label printer, or a PDF for an A4 printer. The spooler keeps the job
/// if the printer is off; `lp` answers at once.
pub async fn spool(name: &str, bytes: &[u8], raw: bool) -> Result<()> {
    let name = crate::domain::print::settings::queue_name("printer", name)?;
    let mut cmd = tokio::process::Command::new("lp");
    // Its messages in English, so a missing queue is told apart.
    cmd.env("LC_ALL", "C").arg("-d").arg(&name).arg("-s");
    if raw {
        cmd.arg("-o").arg("raw");
    }
    cmd.arg("--").arg("-");
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let mut child = cmd.spawn().map_err(|_| {
        Error::invalid_state(
            "no_spooler",
            "no print spooler on this computer (CUPS `lp` is not installed)",
        )
    })?;
    let mut stdin = child.stdin.take().expect("piped");
    let bytes = bytes.to_vec();
    let feed = async move {
        stdin.write_all(&bytes).await?;
        stdin.shutdown().await
    };
    let run = async {
        feed.await?;
        child.wait_with_output().await
    };
    match tokio::time::timeout(WRITE_TIMEOUT * 2, run).await {
        Ok(Ok(out)) if out.status.success() => Ok(()),
        Ok(Ok(out)) if String::from_utf8_lossy(&out.stderr).contains("does not exist") => {
            Err(Error::invalid_state(
                "printer_unknown",
                format!("the system has no printer named {name}"),
            ))
        }
        Ok(Ok(out)) => Err(Error::invalid_state(
            "printer_spooler",
            format!(
                "the print spooler refused the job for {name}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        )),
        _ => Err(stopped(&name)),
    }
}

/// The OS printers' queue names (CUPS `lpstat -e`), for the A4 printer's
/// choice; none when the system has no spooler.
pub async fn system_printers() -> Vec<String> {
    let out = tokio::time::timeout(
        WRITE_TIMEOUT,
        tokio::process::Command::new("lpstat")
            .arg("-e")
            .stderr(std::process::Stdio::null())
            .output(),
    )
    .await;
    match out {
        Ok(Ok(o)) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        _ => vec![],
    }
}
