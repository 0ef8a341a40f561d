//! The model's sales steps, and the stock they draw on (goods received,
//! serials on the shelf, scans at a handover): a new order (counter or web, paid or not), a
//! bank transfer confirmed and decided, an order fulfilled (picked up,
//! shipped whole or in part, delivered), goods given back.

use super::*;

impl Model {
    pub(super) async fn receive(&mut self, i: usize, qty: u32) {
        let p = self.products[i].clone();
        let serials: Vec<String> = if p.serialised {
            (0..qty)
                .map(|_| {
                    self.serial_no += 1;
                    format!("SN-{}", self.serial_no)
                })
                .collect()
        } else {
            vec![]
        };
        let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
        receive(&self.s, &p, &qty.to_string(), &refs).await;
    }

    pub(super) async fn in_stock(&self, product: uuid::Uuid, n: usize) -> Vec<String> {
        sqlx::query_scalar("SELECT serial FROM units WHERE product_id = ? AND status = 'in_stock' ORDER BY serial LIMIT ?")
            .bind(product.to_string())
            .bind(n as i64)
            .fetch_all(&self.s.db.pool)
            .await
            .unwrap()
    }

    /// Serials for every serialised line of the order, from the shelf.
    pub(super) async fn scans(
        &self,
        id: uuid::Uuid,
        only: Option<&HashMap<u32, i64>>,
    ) -> Vec<konter::store::sales::flow::ScannedSerial> {
        let o = orders::detail(&self.s.db, id).await.unwrap();
        let mut out = vec![];
        let mut taken: Vec<String> = vec![];
        for l in o.lines.iter().filter(|l| l.serialised) {
            let n = only
                .map(|q| q.get(&l.position).copied().unwrap_or(0))
                .unwrap_or(l.qty) as usize;
            let free = self.in_stock(l.product_id, n + taken.len()).await;
            let fresh: Vec<String> = free
                .into_iter()
                .filter(|s| !taken.contains(s))
                .take(n)
                .collect();
            for sn in fresh {
                out.push(scan(l.position, &sn));
                taken.push(sn);
            }
        }
        out
    }

    pub(super) async fn new_order(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let customer = self.customers[self.rng.gen_range(0..self.customers.len())];
        let n = self.rng.gen_range(1..=3);
        let lines: Vec<(&ProductSummary, &str)> = (0..n)
            .map(|_| {
                (
                    &self.products[self.rng.gen_range(0..self.products.len())],
                    ["1", "1", "2"][self.rng.gen_range(0..3)],
                )
            })
            .collect();
        let delivery = self.rng.gen_bool(0.4);
        let input = NewOrder {
            channel: if delivery {
                Channel::Web
            } else {
                Channel::Counter
            },
            fulfilment: if delivery {
                Fulfilment::Delivery
            } else {
                Fulfilment::Pickup
            },
            ship_address: delivery.then(|| "Jl. Melati 3".into()),
            ship_city: delivery.then(|| "Depok".into()),
            payment_method: if self.rng.gen_bool(0.5) {
                PaymentMethod::BankTransfer
            } else {
                PaymentMethod::Cash
            },
            cod: delivery && self.rng.gen_bool(0.3),
            ..order(customer, lines)
        };
        let o = orders::create(db, ctx, input).await?;
        self.orders.push(o.id);
        Ok(())
    }

    pub(super) async fn transfer(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let Some(id) = self
            .pick_in(&["awaiting_payment", "on_hold", "payment_declined"])
            .await
        else {
            return Ok(());
        };
        let o = orders::detail(db, id).await?;
        if let Some(p) = o.payments.iter().find(|p| p.status == "pending") {
            let found = self.rng.gen_bool(0.7);
            return payments::decide_transfer(db, ctx, id, &p.id.to_string(), found, None)
                .await
                .map(|_| ());
        }
        let amount = if self.rng.gen_bool(0.8) {
            o.balance
        } else {
            o.balance / rust_decimal::Decimal::from(2)
        };
        let confirm = TransferConfirmation {
            bank: "BCA".into(),
            account_name: "Budi".into(),
            amount: konter::domain::money::round(amount, o.currency).to_string(),
            paid_on: ctx.now.format("%Y-%m-%d").to_string(),
            proof_path: None,
        };
        payments::confirm_transfer(db, ctx, id, confirm)
            .await
            .map(|_| ())
    }

    /// The next move of an order's fulfilment, as the counter would make it.
    pub(super) async fn fulfil(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let Some(id) = self
            .pick_in(&[
                "payment_received",
                "processing",
                "ready_for_pickup",
                "in_delivery",
                "insufficient_stock",
            ])
            .await
        else {
            return Ok(());
        };
        let o = orders::detail(db, id).await?;
        match (o.status, o.fulfilment) {
            (OrderStatus::PaymentReceived | OrderStatus::AwaitingPayment, Fulfilment::Delivery) => {
                flow::start_processing(db, ctx, id).await.map(|_| ())
            }
            (OrderStatus::PaymentReceived | OrderStatus::Processing, Fulfilment::Pickup)
                if self.rng.gen_bool(0.5) =>
            {
                flow::ready_for_pickup(db, ctx, id).await.map(|_| ())
            }
            (_, Fulfilment::Pickup) => {
                let scans = self.scans(id, None).await;
                flow::hand_over(db, ctx, id, scans).await.map(|_| ())
            }
            (OrderStatus::Processing | OrderStatus::InsufficientStock, _)
                if o.lines.iter().any(|l| l.qty > 1) && self.rng.gen_bool(0.3) =>
            {
                let l = o.lines.iter().find(|l| l.qty > 1).unwrap();
                let now: HashMap<u32, i64> = [(l.position, 1)].into();
                let part = PartialShipment {
                    tracking: "JNE-P".into(),
                    lines: vec![ShippedQty {
                        position: l.position,
                        qty: 1,
                    }],
                    serials: self.scans(id, Some(&now)).await,
                    consent: "setuju lewat WhatsApp".into(),
                };
                let r = ship_partial(db, ctx, id, part).await?;
                self.orders.push(r.backorder.id);
                Ok(())
            }
            (OrderStatus::Processing, _) => {
                let scans = self.scans(id, None).await;
                flow::ship(db, ctx, id, "JNE-1", scans).await.map(|_| ())
            }
            (OrderStatus::InDelivery, _) => flow::deliver(db, ctx, id).await.map(|_| ()),
            _ => Ok(()),
        }
    }

    /// A return: refund, exchange or repair, of a serial from this order or
    /// any serial at all (a resold one, a wrong one).
    pub(super) async fn give_back(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let Some(id) = self.pick_in(&["picked_up", "delivered"]).await else {
            return Ok(());
        };
        let o = orders::detail(db, id).await?;
        let Some(line) = o
            .lines
            .get(self.rng.gen_range(0..o.lines.len().max(1)))
            .cloned()
        else {
            return Ok(());
        };
        let serial = if line.serialised {
            if self.rng.gen_bool(0.8) && !line.serials.is_empty() {
                Some(line.serials[self.rng.gen_range(0..line.serials.len())].clone())
            } else {
                Some(format!(
                    "SN-{}",
                    self.rng.gen_range(1..=self.serial_no.max(1))
                ))
            }
        } else {
            None
        };
        let outcome = [
            ReturnOutcome::Refund,
            ReturnOutcome::Refund,
            ReturnOutcome::Exchange,
        ][self.rng.gen_range(0..3)];
        let replacement = match (outcome, line.serialised) {
            (ReturnOutcome::Exchange, true) => self.in_stock(line.product_id, 1).await.pop(),
            _ => None,
        };
        let sealed = self.rng.gen_bool(0.6);
        let input = ReturnInput {
            position: line.position,
            serial,
            qty: self.rng.gen_range(1..=2).to_string(),
            reason: ReturnReason::Defective,
            condition: Condition {
                seal_intact: sealed,
                unused: sealed,
                complete: true,
            },
            outcome,
            replacement_serial: replacement,
            return_shipping: None,
            note: None,
        };
        returns::create(db, ctx, id, input).await.map(|_| ())
    }
}
