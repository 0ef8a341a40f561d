//! Printing at the counter (issue 15): this device's printers (its own
//! `settings` row 'printers', never synced, saved by an owner or admin and
//! audited), printing a receipt or label to them, the cash drawer, A4 to
//! the OS printer, and the print log on each document (`print_jobs`,
//! append-only, shared).
//!
//! A printer that fails is no lost paper: the failure is logged on the
//! document with its reason and the paper prints again from the ticket,
//! order, visit or return. Money is never touched here.

pub mod auto;
mod settings;

pub use settings::{printers, set_printers};

use crate::docs::print::papers::{self, PrintDoc, PrinterRole};
use crate::docs::print::{self as transport};
use crate::domain::new_id;
use crate::domain::print::label;
use crate::domain::print::settings::Printers;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{parse_id, shop::outbox, ts, Ctx, Db};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What to print.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintRequest {
    pub doc: PrintDoc,
    /// The ticket, order, visit, return or product (none for a test).
    pub id: Option<String>,
    /// Product labels: these serials of the product, one label each.
    #[serde(default)]
    pub serials: Vec<String>,
    /// Copies (receipts 1-3; SKU labels 1-100).
    pub copies: u8,
}

/// One line of a document's print log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct PrintJob {
    pub id: String,
    pub doc_kind: String,
    pub doc_id: Option<String>,
    pub doc_number: Option<String>,
    pub printer: String,
    pub target: String,
    #[ts(type = "number")]
    pub copies: i64,
    pub drawer: bool,
    /// printed | failed
    pub outcome: String,
    /// Why it failed (a key of the message catalog).
    pub error_code: Option<String>,
    pub reason: Option<String>,
    pub staff_id: String,
    pub staff_name: String,
    pub at: String,
}

/// A print's result: its log line, and the printer's message when it
/// failed (the paper can be printed again).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Printed {
    pub job: PrintJob,
    pub message: Option<String>,
}

/// An A4 document sent to the A4 printer, or the path it opened at in
/// the viewer (no A4 printer set).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintedOrShown {
    pub printed: Option<Printed>,
    pub path: Option<String>,
}

/// What goes to the printer, built before anything is sent or logged.
struct Paper {
    role: PrinterRole,
    doc_id: Option<Uuid>,
    number: Option<String>,
    bytes: Vec<u8>,
    copies: u8,
    drawer: bool,
    /// The cash payment whose drawer pulse this carries.
    payment: Option<Uuid>,
}

async fn prepare(
    db: &Db,
    p: &Printers,
    req: &PrintRequest,
    payment: Option<Uuid>,
) -> Result<Paper> {
    let drawer = payment.is_some() || req.doc == PrintDoc::Drawer;
    let role = req.doc.role();
    let id = match (&req.id, req.doc) {
        (_, PrintDoc::TestPage | PrintDoc::TestLabel) | (None, PrintDoc::Drawer) => None,
        (Some(id), _) => Some(parse_id("id", id)?),
        (None, _) => return Err(Error::validation("id", "required", "which document")),
    };
    let receipt = || {
        p.receipt
            .as_ref()
            .ok_or_else(|| papers::no_printer(PrinterRole::Receipt))
    };
    let label_printer = || {
        p.label
            .as_ref()
            .ok_or_else(|| papers::no_printer(PrinterRole::Label))
    };
    let label_bytes = |labels: &[label::Label]| -> Result<Vec<u8>> {
        let lp = label_printer()?;
        let size = label::Size {
            width_mm: lp.width_mm,
            height_mm: lp.height_mm,
            dpi: lp.dpi,
        };
        let mut out = vec![];
        for l in labels {
            out.extend(label::render(l, size, lp.language).map_err(|code| {
                Error::invalid_state(code, "the label does not fit this label size")
            })?);
        }
        Ok(out)
    };
    let max_copies = if req.doc == PrintDoc::ProductLabels {
        100
    } else {
        3
    };
    if !(1..=max_copies).contains(&req.copies) {
        return Err(Error::validation(
            "copies",
            "out_of_range",
            format!("1 to {max_copies} copies"),
        ));
    }
    let (number, bytes, copies) = match req.doc {
        PrintDoc::Drawer => {
            let r = receipt()?;
            let mut b =
                crate::domain::print::escpos::Receipt::new(r.width, r.code_page, r.code_table);
            b.drawer(r.drawer_pin, r.drawer_pulse_ms, r.drawer_pulse_ms * 2);
            (None, b.into_bytes(), 1)
        }
        PrintDoc::TestPage => {
            let s = papers::test_page(db, p).await?;
            (None, s.escpos(receipt()?, false)?, 1)
        }
        PrintDoc::TestLabel => {
            let profile = crate::store::shop::profile(db).await?;
            let l = label::Label {
                top: profile.name,
                title: "Label uji".into(),
                code: "KONTER-UJI-123".into(),
                lines: vec!["Çç Ğğ İı Öö Şş Üü".into()],
            };
            (None, label_bytes(&[l])?, 1)
        }
        PrintDoc::DeviceLabel => {
            let (n, l) = papers::device_label(db, id.expect("an id")).await?;
            let one = label_bytes(&[l])?;
            (Some(n), one.repeat(req.copies as usize), req.copies)
        }
        PrintDoc::ProductLabels => {
            let (n, ls) =
                papers::product_labels(db, id.expect("an id"), &req.serials, req.copies).await?;
            let count = ls.len().min(255) as u8;
            (Some(n), label_bytes(&ls)?, count)
        }
        _ => {
            let (n, slip) = papers::slip(db, req.doc, id.expect("an id")).await?;
            let r = receipt()?;
            // The drawer pulse once, with the first copy.
            let mut bytes = slip.escpos(r, drawer)?;
            for _ in 1..req.copies {
                bytes.extend(slip.escpos(r, false)?);
            }
            (Some(n), bytes, req.copies)
        }
    };
    Ok(Paper {
        role,
        doc_id: id,
        number,
        bytes,
        copies,
        drawer,
        payment,
    })
}

async fn send(p: &Printers, paper: &Paper) -> Result<()> {
    let connection = match paper.role {
        PrinterRole::Receipt => p.receipt.as_ref().map(|r| &r.connection),
        PrinterRole::Label => p.label.as_ref().map(|l| &l.connection),
        PrinterRole::A4 => None,
    }
    .ok_or_else(|| papers::no_printer(paper.role))?;
    // Only a receipt printer speaks ESC/POS: a label printer is not asked
    // its status.
    transport::send_to(connection, &paper.bytes, paper.role == PrinterRole::Receipt).await
}

fn role_str(r: PrinterRole) -> &'static str {
    match r {
        PrinterRole::Receipt => "receipt",
        PrinterRole::Label => "label",
        PrinterRole::A4 => "a4",
    }
}

/// Writes the log line (and its outbox row) in one transaction.
#[allow(clippy::too_many_arguments)]
async fn log(
    db: &Db,
    ctx: &Ctx,
    doc_kind: &str,
    paper: &Paper,
    target: &str,
    result: &Result<()>,
    reason: Option<&str>,
) -> Result<Printed> {
    let id = new_id();
    let (outcome, code, message) = match result {
        Ok(()) => ("printed", None, None),
        Err(e) => ("failed", e.code().map(str::to_string), Some(e.to_string())),
    };
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO print_jobs (id, doc_kind, doc_id, doc_number, printer, target, copies, drawer, payment_id, outcome, error_code, reason, staff_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )
    .bind(id.to_string())
    .bind(doc_kind)
    .bind(paper.doc_id.map(|i| i.to_string()))
    .bind(&paper.number)
    .bind(role_str(paper.role))
    .bind(target)
    .bind(i64::from(paper.copies.max(1)))
    .bind(paper.drawer)
    .bind(paper.payment.map(|i| i.to_string()))
    .bind(outcome)
    .bind(&code)
    .bind(reason)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let job = job(&mut tx, id).await?;
    outbox::append(&mut tx, ctx, "print_jobs", id, "insert", &job).await?;
    tx.commit().await?;
    Ok(Printed { job, message })
}

const SELECT: &str = "SELECT j.id, j.doc_kind, j.doc_id, j.doc_number, j.printer, j.target, j.copies, j.drawer, j.outcome, j.error_code, j.reason, j.staff_id, COALESCE(s.name, '') AS staff_name, j.at FROM print_jobs j LEFT JOIN staff s ON s.id = j.staff_id";

async fn job(tx: &mut crate::store::Tx, id: Uuid) -> Result<PrintJob> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE j.id = ?"))
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?)
}

/// Prints a paper on this device's printer for it. Bad input or a paper
/// that cannot be made is refused with nothing written; a printer that
/// fails is logged as failed, with its message.
pub async fn print(db: &Db, ctx: &Ctx, req: PrintRequest) -> Result<Printed> {
    if req.doc == PrintDoc::Drawer {
        return Err(Error::invalid_state(
            "drawer_needs_reason",
            "the drawer opens without a sale only with a reason",
        ));
    }
    if matches!(req.doc, PrintDoc::TestPage | PrintDoc::TestLabel) {
        ctx.require(Action::ManageShop)?;
    }
    if let (PrintDoc::ShiftSummary, Some(id)) = (req.doc, &req.id) {
        // Who may see the shift may print it.
        crate::store::cash::get(db, ctx, parse_id("id", id)?).await?;
    }
    // A receipt printed again after its printer failed carries the drawer
    // pulse that failed with it (this clerk's cash, still not opened).
    let _one_at_a_time = auto::DRAWER.lock().await;
    let cash = match (&req.id, req.doc) {
        (Some(id), PrintDoc::PaymentReceipt | PrintDoc::OrderReceipt | PrintDoc::VisitReceipt) => {
            let doc_id = parse_id("id", id)?;
            let failed: Option<String> = sqlx::query_scalar(
                "SELECT payment_id FROM print_jobs WHERE doc_id = ? AND payment_id IS NOT NULL AND outcome = 'failed' AND staff_id = ? ORDER BY rowid DESC LIMIT 1",
            )
            .bind(doc_id.to_string())
            .bind(ctx.staff_id.to_string())
            .fetch_optional(&db.pool)
            .await?;
            match failed.and_then(|p| Uuid::parse_str(&p).ok()) {
                Some(pay) => auto::cash_payment(db, ctx, req.doc, doc_id, pay).await?,
                None => None,
            }
        }
        _ => None,
    };
    print_with(db, ctx, &req, cash, None).await
}

pub(crate) async fn print_with(
    db: &Db,
    ctx: &Ctx,
    req: &PrintRequest,
    payment: Option<Uuid>,
    reason: Option<&str>,
) -> Result<Printed> {
    let p = printers(db).await?;
    let paper = prepare(db, &p, req, payment).await?;
    let target = papers::target(&p, paper.role).unwrap_or_default();
    let sent = send(&p, &paper).await;
    log(db, ctx, req.doc.as_str(), &paper, &target, &sent, reason).await
}

/// Opens the cash drawer without a sale: its own permission, a reason,
/// and a line in the log and the audit.
pub async fn open_drawer(db: &Db, ctx: &Ctx, reason: &str) -> Result<Printed> {
    ctx.require(Action::OpenDrawer)?;
    let reason = check::required("reason", reason, 200)?;
    let req = PrintRequest {
        doc: PrintDoc::Drawer,
        id: None,
        serials: vec![],
        copies: 1,
    };
    print_with(db, ctx, &req, None, Some(&reason)).await
}

/// Sends an A4 PDF to this device's A4 printer through the spooler and
/// logs it; `None` when no A4 printer is set (the caller opens the
/// viewer as before).
pub async fn print_a4(
    db: &Db,
    ctx: &Ctx,
    kind: &str,
    doc_id: Uuid,
    number: &str,
    pdf: &[u8],
) -> Result<Option<Printed>> {
    let p = printers(db).await?;
    let Some(queue) = p.a4_printer.clone() else {
        return Ok(None);
    };
    let paper = Paper {
        role: PrinterRole::A4,
        doc_id: Some(doc_id),
        number: Some(number.to_string()),
        bytes: vec![],
        copies: 1,
        drawer: false,
        payment: None,
    };
    let sent = transport::spool(&queue, pdf, false).await;
    Ok(Some(
        log(db, ctx, &format!("a4:{kind}"), &paper, &queue, &sent, None).await?,
    ))
}

/// The print log of one document, newest first.
pub async fn jobs(db: &Db, doc_id: Uuid) -> Result<Vec<PrintJob>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE j.doc_id = ? ORDER BY j.at DESC, j.id DESC"
    ))
    .bind(doc_id.to_string())
    .fetch_all(&db.pool)
    .await?)
}

/// The drawer's openings without a sale, newest first (owner, admin).
pub async fn drawer_openings(db: &Db, ctx: &Ctx, limit: u32) -> Result<Vec<PrintJob>> {
    ctx.require(Action::ViewAudit)?;
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE j.doc_kind = 'drawer' AND j.payment_id IS NULL ORDER BY j.at DESC, j.id DESC LIMIT ?"
    ))
    .bind(i64::from(limit.clamp(1, 500)))
    .fetch_all(&db.pool)
    .await?)
}
