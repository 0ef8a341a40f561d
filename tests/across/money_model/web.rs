//! The money model's web store: new WooCommerce orders and re-imports of
//! known ones with another status, sometimes by a front-desk clerk.

use super::Model;
use konter::domain::staff::Role;
use konter::store::{sales::flow, web_store::import, Ctx, Db};
use konter::Error;
use rand::Rng;

impl Model {
    /// WooCommerce: a new order, or a known one re-imported with another
    /// status (sometimes one the counter has already moved past).
    pub(super) async fn web(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let statuses = [
            "pending",
            "on-hold",
            "processing",
            "completed",
            "cancelled",
            "refunded",
            "failed",
        ];
        let status = statuses[self.rng.gen_range(0..statuses.len())];
        let method = ["bacs", "cod", "stripe"][self.rng.gen_range(0..3)];
        let paid = self
            .rng
            .gen_bool(0.6)
            .then(|| "2026-11-23T02:00:00".to_string());
        let known: Vec<u64> = self.woo.keys().copied().collect();
        let mut record = if !known.is_empty() && self.rng.gen_bool(0.5) {
            self.woo[&known[self.rng.gen_range(0..known.len())]]
                .0
                .clone()
        } else {
            let id = 5000 + self.woo.len() as u64;
            let p = &self.products[self.rng.gen_range(0..self.products.len())];
            let qty: i64 = self.rng.gen_range(1..=3);
            let unit =
                konter::domain::money::to_minor(p.price, konter::domain::money::Currency::IDR)
                    * qty;
            let tax = unit * 11 / 100;
            serde_json::json!({
                "id": id, "number": id.to_string(), "currency": "IDR", "status": "pending",
                "date_created_gmt": "2026-11-23T01:00:00", "date_completed_gmt": "2026-11-23T05:00:00",
                "discount_total": "0", "shipping_total": "0", "total_tax": tax.to_string(), "total": (unit + tax).to_string(),
                "billing": { "first_name": "Rina", "last_name": "Web", "phone": "0857 1234 5678", "email": "rina@example.co.id" },
                "payment_method": "bacs",
                "line_items": [{ "name": p.name, "sku": p.sku, "quantity": qty, "subtotal": unit.to_string(), "total": unit.to_string() }],
                "shipping_lines": [{ "method_id": if self.rng.gen_bool(0.5) { "local_pickup" } else { "flat_rate" } }]
            })
        };
        let id = record["id"].as_u64().unwrap();
        record["status"] = status.into();
        record["payment_method"] = method.into();
        record["date_paid_gmt"] = paid.clone().into();
        record["date_modified_gmt"] = format!(
            "2026-11-23T{:02}:{:02}:00",
            2 + self.step / 60 % 20,
            self.step % 60
        )
        .into();
        let proved = konter::domain::web_store::woo::money_state(status, method, paid.as_deref());
        let said_paid = matches!(
            proved,
            konter::domain::web_store::woo::WooMoney::Paid { .. }
        );
        let before = self.woo.get(&id).map(|(_, p)| *p).unwrap_or(false);
        self.woo.insert(id, (record.clone(), before || said_paid));
        let text = serde_json::Value::Array(vec![record]).to_string();
        // Sometimes a front-desk clerk imports: payments then wait, pending.
        let who = if self.rng.gen_bool(0.3) {
            Ctx {
                role: Role::FrontDesk,
                ..*ctx
            }
        } else {
            *ctx
        };
        let report = import::import_json(db, &who, "toko", &text, &|_| {}).await?;
        if report.created == 1 {
            let o = flow::find_for_pickup(db, &format!("WC-{id}"), None).await?;
            self.orders.push(o.id);
        }
        Ok(())
    }
}
