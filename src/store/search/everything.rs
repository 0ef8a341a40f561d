//! One search for everything (Ctrl+K, the box at the top of every screen):
//! tickets, orders, customers, units by serial/IMEI, products by SKU or
//! name, invoice numbers, visits, tracking codes, phones typed any way.
//! Results come grouped by kind, at most [`PER_KIND`] each, exact matches
//! first; when the query is exactly one document's code (a scanned
//! barcode) that document is `open`, for Enter to open it directly.
//!
//! Every part reads an index: the trigram indexes of tickets and orders,
//! the customers' phone index (a phone prefix) or name, and ranges on the
//! unique numbers, serials and SKUs. Read-only.

use super::{escape_like, fts_query, phone_prefix};
use crate::error::{check, Result};
use crate::store::Db;
use serde::Serialize;
use sqlx::FromRow;
use ts_rs::TS;

pub const PER_KIND: i64 = 8;

/// One thing found. `kind`: ticket | order | customer | unit | product | visit.
#[derive(Debug, Clone, PartialEq, Serialize, TS, FromRow)]
pub struct SearchHit {
    pub kind: String,
    /// The id to open (for a unit: its serial, opened in the warranty check;
    /// for a product: its SKU).
    pub id: String,
    /// The number, name, serial or SKU.
    pub title: String,
    /// The customer, device, product or phone beside it.
    pub subtitle: String,
    pub status: Option<String>,
    /// The query is exactly this hit's code.
    pub exact: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// The one document the query names exactly (a scanned code).
    pub open: Option<SearchHit>,
}

/// Inclusive-exclusive bounds of the keys starting with `p`.
fn range(p: &str) -> (String, String) {
    (p.to_string(), format!("{p}\u{10FFFF}"))
}

async fn hits(db: &Db, sql: &str, binds: &[&str]) -> Result<Vec<SearchHit>> {
    let mut q = sqlx::query_as::<_, SearchHit>(sql);
    for b in binds {
        q = q.bind(*b);
    }
    Ok(q.bind(PER_KIND).fetch_all(&db.pool).await?)
}

/// Appends the hits not already listed, up to [`PER_KIND`].
fn add(list: &mut Vec<SearchHit>, more: Vec<SearchHit>) {
    for h in more {
        if list.len() as i64 >= PER_KIND {
            break;
        }
        if !list.iter().any(|x| x.id == h.id) {
            list.push(h);
        }
    }
}

pub async fn everything(db: &Db, query: &str) -> Result<SearchResults> {
    let q = query.trim();
    check::max_len("query", q, 100)?;
    let mut out = SearchResults {
        query: q.to_string(),
        hits: vec![],
        open: None,
    };
    if q.chars().count() < 2 {
        return Ok(out);
    }
    let upper = q.to_uppercase();
    let (lo, hi) = range(&upper);
    // Tickets and orders: a code typed whole through the unique indexes,
    // then the newest of their trigram indexes (newest first lets the
    // index stop at the first few, where sorting by "exact" would read
    // every match of a common name).
    let mut tickets = hits(
        db,
        "SELECT 'ticket' AS kind, t.id, t.number AS title, c.name || ' · ' || t.brand || ' ' || t.model AS subtitle,
                t.status, 1 AS exact
         FROM tickets t JOIN customers c ON c.id = t.customer_id
         WHERE t.number = ?1 OR t.tracking_code = ?1 OR t.serial = ?2 OR t.serial = ?1 LIMIT ?3",
        &[&upper, q],
    )
    .await?;
    let mut orders = hits(
        db,
        "SELECT 'order' AS kind, o.id, o.number AS title, c.name AS subtitle, o.status, 1 AS exact
         FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.number = ?1 LIMIT ?2",
        &[&upper],
    )
    .await?;
    if let Some(m) = fts_query(q) {
        let more = hits(
            db,
            "SELECT 'ticket' AS kind, t.id, t.number AS title, c.name || ' · ' || t.brand || ' ' || t.model AS subtitle,
                    t.status, 0 AS exact
             FROM ticket_search s JOIN tickets t ON t.rowid = s.rowid JOIN customers c ON c.id = t.customer_id
             WHERE ticket_search MATCH ?1 ORDER BY s.rowid DESC LIMIT ?2",
            &[&m],
        )
        .await?;
        add(&mut tickets, more);
        let more = hits(
            db,
            "SELECT 'order' AS kind, o.id, o.number AS title, c.name AS subtitle, o.status, 0 AS exact
             FROM order_search s JOIN orders o ON o.rowid = s.rowid JOIN customers c ON c.id = o.customer_id
             WHERE order_search MATCH ?1 ORDER BY s.rowid DESC LIMIT ?2",
            &[&m],
        )
        .await?;
        add(&mut orders, more);
    }
    let customers = match phone_prefix(q) {
        Some(p) => {
            let (plo, phi) = range(&p);
            hits(
                db,
                "SELECT 'customer' AS kind, id, name AS title, phone AS subtitle, NULL AS status, (phone = ?1) AS exact
                 FROM customers WHERE phone >= ?1 AND phone < ?2 AND merged_into IS NULL ORDER BY phone LIMIT ?3",
                &[&plo, &phi],
            )
            .await?
        }
        None => {
            hits(
                db,
                "SELECT 'customer' AS kind, id, name AS title, phone AS subtitle, NULL AS status, 0 AS exact
                 FROM customers WHERE name LIKE ?1 ESCAPE '\\' AND merged_into IS NULL ORDER BY name LIMIT ?2",
                &[&format!("%{}%", escape_like(q))],
            )
            .await?
        }
    };
    // Units by serial or IMEI: the warranty registry (sold) and the stock.
    let units = hits(
        db,
        "SELECT * FROM (
           SELECT 'unit' AS kind, w.serial AS id, w.serial AS title, w.product_name || ' · ' || w.customer_name AS subtitle,
                  'sold' AS status, (w.serial = ?1 OR w.serial = ?3) AS exact
           FROM warranties w WHERE (w.serial >= ?1 AND w.serial < ?2) OR w.serial = ?3
           UNION
           SELECT 'unit', u.serial, u.serial, p.name || ' · ' || p.sku, u.status, (u.serial = ?1 OR u.serial = ?3)
           FROM units u JOIN products p ON p.id = u.product_id
           WHERE ((u.serial >= ?1 AND u.serial < ?2) OR u.serial = ?3) AND u.status <> 'sold'
         ) ORDER BY exact DESC, title LIMIT ?4",
        &[&lo, &hi, q],
    )
    .await?;
    let products = hits(
        db,
        "SELECT * FROM (
           SELECT 'product' AS kind, sku AS id, sku AS title, name AS subtitle, NULL AS status, (sku = ?1) AS exact
           FROM products WHERE sku >= ?1 AND sku < ?2
           UNION
           SELECT 'product', sku, sku, name, NULL, 0 FROM products WHERE name LIKE ?3 ESCAPE '\\'
         ) ORDER BY exact DESC, title LIMIT ?4",
        &[&lo, &hi, &format!("%{}%", escape_like(q))],
    )
    .await?;
    // Invoices open what they bill; visits by their number.
    let documents = hits(
        db,
        "SELECT * FROM (
           SELECT 'ticket' AS kind, t.id, i.number AS title, t.number || ' · ' || c.name AS subtitle, t.status, (i.number = ?1) AS exact
           FROM invoices i JOIN tickets t ON t.id = i.ticket_id JOIN customers c ON c.id = t.customer_id
           WHERE i.number >= ?1 AND i.number < ?2
           UNION ALL
           SELECT 'order', o.id, i.number, o.number || ' · ' || c.name, o.status, (i.number = ?1)
           FROM order_invoices i JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = o.customer_id
           WHERE i.number >= ?1 AND i.number < ?2
           UNION ALL
           SELECT 'visit', v.id, i.number, v.number || ' · ' || c.name, v.status, (i.number = ?1)
           FROM visit_invoices i JOIN visits v ON v.id = i.visit_id JOIN customers c ON c.id = v.customer_id
           WHERE i.number >= ?1 AND i.number < ?2
           UNION ALL
           SELECT 'visit', v.id, v.number, c.name || ' · ' || v.site_address, v.status, (v.number = ?1)
           FROM visits v JOIN customers c ON c.id = v.customer_id
           WHERE v.number >= ?1 AND v.number < ?2
         ) ORDER BY exact DESC, title DESC LIMIT ?3",
        &[&lo, &hi],
    )
    .await?;
    for group in [tickets, orders, documents, customers, units, products] {
        out.hits.extend(group);
    }
    let exact: Vec<&SearchHit> = out.hits.iter().filter(|h| h.exact).collect();
    // One document named exactly (a unit sold and still in the registry
    // twice, or a number shared, is not "one").
    let mut distinct: Vec<(&str, &str)> = exact
        .iter()
        .map(|h| (h.kind.as_str(), h.id.as_str()))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() == 1 {
        out.open = exact.first().map(|h| (*h).clone());
    }
    Ok(out)
}
