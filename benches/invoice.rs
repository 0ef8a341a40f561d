//! The A4 invoice with 20 lines, rendered in-process with the embedded
//! DejaVu subset (Turkish and other Latin glyphs included). Target ≤ 2 ms.

mod shared;

use criterion::{criterion_group, criterion_main, Criterion};
use konter::docs::{self, DocKind};
use konter::domain::payment::PaymentMethod;
use konter::domain::staff::Role;
use konter::store::customers::{self, NewCustomer};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::{shop, Ctx, Db};

fn invoiced_ticket() -> (
    tempfile::TempDir,
    konter::domain::shop::ShopProfile,
    konter::store::repairs::tickets::TicketDetail,
) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.db")).await.unwrap();
        let now = chrono::Utc::now();
        let owner = konter::demo::setup_shop(&db, now).await.unwrap();
        let ctx = Ctx {
            staff_id: owner.staff_id,
            role: Role::Owner,
            now,
        };
        let c = customers::create(
            &db,
            &ctx,
            NewCustomer {
                name: "Şükrü Öztürk".into(),
                phone: "+90 532 123 45 67".into(),
                email: None,
                address: None,
            },
        )
        .await
        .unwrap();
        let t = shared::ready_ticket(&db, &ctx, c.id).await;
        let done = pickup::pickup(
            &db,
            &ctx,
            t,
            PickupInput {
                method: PaymentMethod::Card,
                tendered: None,
                note: None,
            },
        )
        .await
        .unwrap();
        (dir, shop::profile(&db).await.unwrap(), done.ticket)
    })
}

/// Before (what Konter wrote PDFs with until issue 15): the same laid-out
/// pages through printpdf 0.12, its fonts added and serialised per
/// document, streams uncompressed as Konter had them.
fn printpdf_write(doc: &konter::docs::pdf::Document) -> Vec<u8> {
    use konter::docs::pdf::Mark;
    use printpdf::*;
    let fonts = konter::docs::fonts::fonts();
    let mut pdf = PdfDocument::new(&doc.title);
    let regular = pdf.add_font(&fonts.regular.font);
    let bold = pdf.add_font(&fonts.bold.font);
    let black = || Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None));
    let pages = doc
        .pages
        .iter()
        .map(|p| {
            let mut ops = vec![
                Op::SetFillColor { col: black() },
                Op::SetOutlineColor { col: black() },
            ];
            for m in &p.marks {
                match m {
                    Mark::Text {
                        x,
                        y,
                        size,
                        bold: b,
                        text,
                    } => {
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(if *b {
                                bold.clone()
                            } else {
                                regular.clone()
                            }),
                            size: Pt(*size),
                        });
                        ops.push(Op::SetTextCursor {
                            pos: Point {
                                x: Pt(*x),
                                y: Pt(*y),
                            },
                        });
                        ops.push(Op::ShowText {
                            items: vec![TextItem::Text(text.clone())],
                        });
                        ops.push(Op::EndTextSection);
                    }
                    Mark::Fill { x, y, w, h } => ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            mode: Some(PaintMode::Fill),
                            ..Rect::from_xywh(Pt(*x), Pt(*y), Pt(*w), Pt(*h))
                        },
                    }),
                    Mark::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                    } => {
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                        let point = |x: f32, y: f32| LinePoint {
                            p: Point { x: Pt(x), y: Pt(y) },
                            bezier: false,
                        };
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![point(*x1, *y1), point(*x2, *y2)],
                                is_closed: false,
                            },
                        });
                    }
                    Mark::Image { .. } => {}
                }
            }
            PdfPage::new(Mm(p.width * 25.4 / 72.0), Mm(p.height * 25.4 / 72.0), ops)
        })
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: false,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    pdf.with_pages(pages).save(&options, &mut Vec::new())
}

/// The same invoice as HTML, for an HTML→PDF renderer.
fn invoice_html(
    profile: &konter::domain::shop::ShopProfile,
    d: &konter::docs::invoice::InvoiceDoc,
) -> String {
    use konter::domain::money::format;
    let rows: String = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                l.description,
                l.qty.normalize(),
                format(l.unit_price, d.currency),
                format(l.amount(d.currency), d.currency)
            )
        })
        .collect();
    format!(
        "<html><head><meta charset=utf-8><style>@page {{ size: A4; margin: 15mm }} body {{ font-family: 'DejaVu Sans'; font-size: 9pt }} table {{ width: 100%; border-collapse: collapse }} td {{ padding: 1mm }}</style></head><body><h2>{}</h2><p>{}</p><h1>INVOICE {}</h1><p>{} · {}</p><table>{rows}</table><p>Subtotal {} · PPN {} · TOTAL {}</p></body></html>",
        profile.name,
        profile.address,
        d.number,
        d.customer,
        d.phone,
        format(d.subtotal, d.currency),
        format(d.tax, d.currency),
        format(d.total, d.currency)
    )
}

/// WeasyPrint (PyPI) rendering the same invoice in-process, ms per
/// document; None when it is not installed (`pip install weasyprint` into
/// ~/.cache/konter/weasyprint-venv).
fn weasyprint_ms(html: &str) -> Option<f64> {
    let python = std::env::var("HOME")
        .map(|h| format!("{h}/.cache/konter/weasyprint-venv/bin/python"))
        .ok()
        .filter(|p| std::path::Path::new(p).exists())?;
    let dir = tempfile::tempdir().ok()?;
    let page = dir.path().join("invoice.html");
    std::fs::write(&page, html).ok()?;
    let script = "import sys, time, weasyprint\nsrc = open(sys.argv[1]).read()\nweasyprint.HTML(string=src).write_pdf()\nn = 20\nt = time.perf_counter()\nfor _ in range(n): weasyprint.HTML(string=src).write_pdf()\nprint((time.perf_counter() - t) * 1000 / n)";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&page)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn bench(c: &mut Criterion) {
    let (_dir, profile, ticket) = invoiced_ticket();
    let pdf = docs::repairs::render_with(&profile, &ticket, DocKind::Invoice).unwrap();
    eprintln!("A4 invoice, 20 lines: {} bytes", pdf.len());
    // Before and after in one run: the same laid-out invoice written by
    // printpdf, and by Konter's own writer (the whole render, layout
    // included); then an HTML renderer on the same invoice.
    let d =
        docs::invoice::InvoiceDoc::from_ticket(&profile, &ticket, ticket.invoice.as_ref().unwrap());
    let laid = docs::invoice::layout(&profile, &d, docs::canvas::Paper::A4).unwrap();
    eprintln!(
        "the same through printpdf: {} bytes",
        printpdf_write(&laid).len()
    );
    c.bench_function("invoice_a4_20_lines_before_printpdf", |b| {
        b.iter(|| {
            printpdf_write(&docs::invoice::layout(&profile, &d, docs::canvas::Paper::A4).unwrap())
        })
    });
    c.bench_function("invoice_a4_20_lines", |b| {
        b.iter(|| docs::repairs::render_with(&profile, &ticket, DocKind::Invoice).unwrap())
    });
    match weasyprint_ms(&invoice_html(&profile, &d)) {
        Some(ms) => eprintln!("weasyprint, the same invoice as HTML: {ms:.1} ms per document"),
        None => eprintln!("weasyprint: not installed (~/.cache/konter/weasyprint-venv), skipped"),
    }
    c.bench_function("receipt_80mm_20_lines", |b| {
        b.iter(|| docs::repairs::render_with(&profile, &ticket, DocKind::PaymentReceipt).unwrap())
    });
    c.bench_function("intake_receipt_a5", |b| {
        b.iter(|| docs::repairs::render_with(&profile, &ticket, DocKind::IntakeReceipt).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
