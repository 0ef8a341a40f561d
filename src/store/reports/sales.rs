//! Sales by category, brand or product (the lines of orders invoiced in
//! the span and not cancelled), with the margin where the product's cost
//! is known; and warranty claims by brand and product with the claim rate
//! (claims opened in the span against the units of that product the
//! registry holds).

use super::{empty, Span};
use crate::domain::money::{self, Currency};
use crate::domain::reports::{net_of_tax, percent, ColumnKind::*, Report, ReportKind};
use crate::error::Result;
use crate::store::Db;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

type LineRow = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    i64,
    Option<i64>,
    String,
);

#[derive(Default)]
struct Sum {
    qty: i64,
    revenue: Decimal,
    /// Net of tax, of the lines whose cost is known, and their cost.
    costed_net: Decimal,
    cost: Decimal,
    costed_qty: i64,
}

pub(super) async fn sales(db: &Db, span: &Span, cur: Currency, group: &str) -> Result<Report> {
    let mut r = empty(
        ReportKind::Sales,
        group,
        &[
            ("name", Text),
            ("qty", Count),
            ("revenue", Money),
            ("cost", Money),
            ("margin", Money),
            ("margin_percent", Percent),
        ],
        "bar",
        &["revenue", "margin"],
    );
    let rows: Vec<LineRow> = sqlx::query_as(
        "SELECT p.category, p.brand, l.sku, l.name, l.qty, l.unit_price, l.discount, i.tax_rate, i.tax_inclusive, p.cost, p.tax_class
         FROM order_invoices i JOIN orders o ON o.id = i.order_id JOIN order_lines l ON l.order_id = o.id
         JOIN products p ON p.id = l.product_id
         WHERE i.voided_at IS NULL AND o.status <> 'cancelled' AND i.issued_at >= ?1 AND i.issued_at < ?2",
    )
    .bind(&span.start)
    .bind(&span.end)
    .fetch_all(&db.pool)
    .await?;
    let mut sums: BTreeMap<String, Sum> = BTreeMap::new();
    for (category, brand, sku, name, qty, unit, discount, rate, inclusive, cost, tax_class) in rows
    {
        let key = match group {
            "brand" => brand,
            "product" => format!("{sku} {name}"),
            _ => category,
        };
        let amount = money::from_minor(unit * qty - discount, cur);
        let s = sums.entry(key).or_default();
        s.qty += qty;
        s.revenue += amount;
        if let Some(c) = cost {
            let rate = Decimal::from_str(&rate).unwrap_or_default();
            s.costed_net += net_of_tax(amount, rate, inclusive != 0, tax_class == "exempt");
            s.cost += money::from_minor(c * qty, cur);
            s.costed_qty += qty;
        }
    }
    let mut list: Vec<(String, Sum)> = sums.into_iter().collect();
    list.sort_by(|a, b| b.1.revenue.cmp(&a.1.revenue).then(a.0.cmp(&b.0)));
    let round = |d: Decimal| money::round(d, cur).to_string();
    let mut total = Sum::default();
    for (key, s) in list {
        let costed = s.costed_qty > 0;
        let margin = s.costed_net - s.cost;
        r.rows.push(vec![
            key,
            s.qty.to_string(),
            round(s.revenue),
            if costed { round(s.cost) } else { String::new() },
            if costed { round(margin) } else { String::new() },
            if costed {
                percent(margin, s.costed_net)
            } else {
                String::new()
            },
        ]);
        total.qty += s.qty;
        total.revenue += s.revenue;
        total.costed_net += s.costed_net;
        total.cost += s.cost;
        total.costed_qty += s.costed_qty;
    }
    let margin = total.costed_net - total.cost;
    let known = total.costed_qty > 0;
    r.total = Some(vec![
        String::new(),
        total.qty.to_string(),
        round(total.revenue),
        if known {
            round(total.cost)
        } else {
            String::new()
        },
        if known { round(margin) } else { String::new() },
        if known {
            percent(margin, total.costed_net)
        } else {
            String::new()
        },
    ]);
    Ok(r)
}

pub(super) async fn warranty_claims(db: &Db, span: &Span) -> Result<Report> {
    let mut r = empty(
        ReportKind::WarrantyClaims,
        "product",
        &[
            ("brand", Text),
            ("name", Text),
            ("units", Count),
            ("claims", Count),
            ("under_warranty", Count),
            ("claim_rate", Percent),
        ],
        "bar",
        &["claim_rate"],
    );
    // Claims: tickets opened as warranty claims in the span, by the
    // registry's unit they name (its serial) when known, else by the
    // ticket's own brand and model.
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "WITH claims AS (
           SELECT COALESCE(w.brand, t.brand) AS brand, COALESCE(w.product_name, t.model) AS name,
                  t.claim_kind = 'warranty' AS covered
           FROM tickets t LEFT JOIN warranties w ON w.serial = t.serial AND t.serial IS NOT NULL
             AND w.id = (SELECT w2.id FROM warranties w2 WHERE w2.serial = t.serial ORDER BY w2.start_date DESC LIMIT 1)
           WHERE t.claim_kind IS NOT NULL AND t.created_at >= ?1 AND t.created_at < ?2
         ), units AS (
           SELECT brand, product_name AS name, COUNT(*) AS n FROM warranties GROUP BY brand, product_name
         )
         SELECT c.brand, c.name, COALESCE(u.n, 0), COUNT(*), SUM(c.covered)
         FROM claims c LEFT JOIN units u ON u.brand = c.brand AND u.name = c.name
         GROUP BY c.brand, c.name ORDER BY COUNT(*) DESC, c.brand, c.name",
    )
    .bind(&span.start)
    .bind(&span.end)
    .fetch_all(&db.pool)
    .await?;
    let (mut units, mut claims, mut covered) = (0, 0, 0);
    for (brand, name, n, c, w) in rows {
        r.rows.push(vec![
            brand,
            name,
            n.to_string(),
            c.to_string(),
            w.to_string(),
            percent(Decimal::from(c), Decimal::from(n)),
        ]);
        units += n;
        claims += c;
        covered += w;
    }
    r.total = Some(vec![
        String::new(),
        String::new(),
        units.to_string(),
        claims.to_string(),
        covered.to_string(),
        percent(Decimal::from(claims), Decimal::from(units)),
    ]);
    Ok(r)
}
