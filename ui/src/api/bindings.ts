// Generated from Rust by ts-rs (src/bindings.rs). Do not edit.

export type Error = { "kind": "validation", field: string, code: string, message: string, } | { "kind": "notFound", entity: string, message: string, } | { "kind": "invalidState", code: string, message: string, } | { "kind": "unauthorized", code: string, message: string, } | { "kind": "forbidden", message: string, } | { "kind": "conflict", message: string, } | { "kind": "storage", message: string, } | { "kind": "document", message: string, };

export type Currency = "IDR" | "TRY";

export type PaymentMethod = "cash" | "bank_transfer" | "card" | "qris";

export type Role = "owner" | "admin" | "front_desk" | "technician" | "courier";

export type PaperSize = "a4" | "a5" | "roll80";

export type ShopProfile = { name: string, address: string, phone: string, npwp: string | null, branch_code: string, counter_code: string, time_zone: string, currency: Currency, 
/**
 * PPN as a fraction: "0.11".
 */
tax_rate: string, prices_include_tax: boolean, receipt_terms: string, receipt_paper: PaperSize, ticket_prefix: string, invoice_prefix: string, 
/**
 * Working days from intake to the default promised date.
 */
promise_days: number, };

export type DayHours = { open: string, close: string, };

export type Holiday = { date: string, 
/**
 * `national`, `joint_leave`, `half_day` (closes at 13:00) or `shop`.
 */
kind: string, name: string, };

export type TicketStatus = "received" | "diagnosing" | "awaiting_approval" | "in_repair" | "waiting_for_parts" | "ready_for_pickup" | "picked_up" | "cancelled" | "returned_unrepaired";

export type Accessory = "adapter" | "cable" | "box" | "manual" | "bag" | "other";

export type ApprovalChannel = "in_person" | "phone" | "whatsapp" | "web";

export type LineKind = "part" | "labour" | "fee";

export type Line = { kind: LineKind, description: string, qty: string, unit_price: string, 
/**
 * Discount on the whole line, as an amount.
 */
discount: string, };

export type Totals = { 
/**
 * Sum of the rounded line amounts.
 */
subtotal: string, 
/**
 * Tax base (DPP).
 */
base: string, tax: string, total: string, };

export type SetupInput = { profile: ShopProfile, owner_name: string, owner_username: string, owner_password: string, };

export type HolidayInput = { date: string, name: string, };

export type Broken = { 
/**
 * The first entry that does not fit the chain.
 */
seq: number, 
/**
 * `edited`, `missing_before` (a deleted row) or `inserted`.
 */
reason: string, };

export type Action = "manage_shop" | "manage_staff" | "create_customer" | "take_in" | "move_ticket" | "add_note" | "record_part" | "view_unlock_secret" | "set_quote" | "record_decision" | "take_payment" | "refund" | "void_payment" | "grant_discount" | "view_audit" | "backup" | "restore" | "reset_password" | "manage_catalog" | "receive_stock" | "sell" | "verify_payment" | "fulfil_order" | "cancel_order" | "void_invoice" | "view_reports" | "override_price" | "courier_jobs" | "record_courier_cash" | "reconcile_cash" | "open_drawer" | "run_shift" | "manage_shifts";

export type AuditCheck = { entries: number, 
/**
 * None when the whole chain is intact.
 */
broken: Broken | null, };

export type BackupInfo = { path: string, bytes: number, 
/**
 * Older backups deleted by rotation.
 */
removed: Array<string>, };

export type BackupProgress = { copied: number, total: number, done: boolean, };

export type CounterSettings = { 
/**
 * Minutes without input before the counter locks (1–240).
 */
idle_lock_minutes: number, 
/**
 * A quote line's discount above this share of its price needs an admin
 * or the owner (0–100 %).
 */
discount_limit_percent: number, 
/**
 * Folder for the daily backup; None = no daily backup.
 */
backup_dir: string | null, 
/**
 * Backups kept in that folder (1–365).
 */
backup_keep: number, backup_daily: boolean, 
/**
 * Hours an unpaid transfer order waits before it is cancelled (seed 002: 1×24).
 */
payment_window_hours: number, 
/**
 * Cities and regencies where cash on delivery is offered (default Jabodetabek).
 */
cod_regions: Array<string>, 
/**
 * Returns at the showroom (default: 7 calendar days, seed 000).
 */
return_policy: ReturnPolicy, 
/**
 * Seed 001: a paid order cannot be cancelled by the customer.
 */
customer_may_cancel_paid: boolean, 
/**
 * Seed 000: cancelling after processing started costs an admin fee (%).
 */
cancel_fee_percent: number, 
/**
 * Shipping fees and delivery estimates (free in Jabodetabek by default).
 */
shipping: ShippingRules, 
/**
 * Seed 004: a parcel back after failed delivery is sent again for this fee.
 */
reship_fee: number, 
/**
 * On-site visits (seed 002): SLA, after-hours surcharge, travel buffer, labour rate.
 */
visits: VisitPolicy, 
/**
 * Today lists a repair that has not moved for this many working days (1–60).
 */
stale_ticket_days: number, 
/**
 * A service order whose customer has not been told of progress for
 * this many working days is flagged (1–60).
 */
stale_service_days: number, };

export type AuditQuery = { staff_id: string | null, 
/**
 * First and last local day (YYYY-MM-DD, the shop's zone), inclusive.
 */
from: string | null, to: string | null, 
/**
 * The entity kind: ticket, staff, settings, shop …
 */
entity: string | null, 
/**
 * Paging: only entries older than this sequence number.
 */
before_seq: number | null, limit: number | null, };

export type AuditRow = { seq: number, at: string, staff_name: string | null, entity: string, entity_id: string, op: string, before: string | null, detail: string, };

export type DayHoursInput = { open: string | null, close: string | null, };

export type Session = { staff_id: string, name: string, username: string, role: Role, 
/**
 * What this role may do, from the permission matrix, so the UI can hide
 * what the core would refuse anyway.
 */
allowed: Array<Action>, 
/**
 * Set after the owner reset the password: the UI asks for a new one first.
 */
must_change_password: boolean, has_pin: boolean, };

export type SwitchCandidate = { staff_id: string, name: string, role: Role, };

export type NewStaff = { name: string, username: string, password: string, role: Role, };

export type StaffMember = { id: string, name: string, username: string, role: Role, active: boolean, has_pin: boolean, must_change_password: boolean, };

export type StaffUpdate = { name: string, role: Role, active: boolean, };

export type NewCustomer = { name: string, phone: string, email: string | null, address: string | null, };

export type Customer = { id: string, name: string, 
/**
 * E.164, e.g. +6281234567890.
 */
phone: string, 
/**
 * As Indonesian staff read it: 081234567890.
 */
phone_display: string, email: string | null, address: string | null, 
/**
 * A note about the customer; shown when they are picked at an intake
 * or a sale when `note_flagged`.
 */
note: string | null, note_flagged: boolean, };

export type IntakeInput = { customer_id: string, device_category: string, brand: string, model: string, serial: string | null, complaint: string, accessories: Array<Accessory>, accessories_other: string | null, condition_notes: string | null, 
/**
 * Unlock PIN or password: kept for the technician, never printed.
 */
unlock_secret: string | null, estimated_cost: string | null, down_payment: string | null, down_payment_method: PaymentMethod | null, 
/**
 * YYYY-MM-DD; empty = the working calendar's default.
 */
promised_date: string | null, technician_id: string | null, };

export type TicketEvent = { id: string, kind: string, from_status: TicketStatus | null, to_status: TicketStatus | null, note: string | null, staff_name: string, at: string, };

export type PaymentRecord = { id: string, 
/**
 * down_payment | settlement | refund
 */
kind: string, method: PaymentMethod, amount: string, tendered: string | null, received_at: string, 
/**
 * Set when an admin or the owner voided it; a void payment counts for nothing.
 */
void_reason: string | null, voided_at: string | null, };

export type InvoiceInfo = { id: string, number: string, issued_at: string, 
/**
 * Set when voided: the invoice keeps its number and prints VOID.
 */
void_reason: string | null, };

export type PartInput = { description: string, qty: string, serial: string | null, };

export type PartUsed = { description: string, qty: string, serial: string | null, staff_name: string, at: string, };

export type TicketDetail = { id: string, number: string, tracking_code: string, customer: Customer, device_category: string, brand: string, model: string, serial: string | null, complaint: string, accessories: Array<Accessory>, accessories_other: string | null, condition_notes: string | null, has_unlock_secret: boolean, estimated_cost: string | null, currency: Currency, promised_date: string, technician_id: string | null, technician_name: string | null, status: TicketStatus, quote_decision: string | null, created_at: string, overdue: boolean, next_statuses: Array<TicketStatus>, events: Array<TicketEvent>, quote: Array<Line>, totals: Totals, payments: Array<PaymentRecord>, 
/**
 * Down payments and settlements minus refunds.
 */
paid: string, 
/**
 * What the customer still owes (negative: the shop owes a refund).
 */
balance: string, invoice: InvoiceInfo | null, 
/**
 * Parts the technician recorded (no prices).
 */
parts: Array<PartUsed>, 
/**
 * Opened as a warranty claim: warranty | non_warranty.
 */
claim_kind: string | null, 
/**
 * The verdict's outcome at the claim (exchange, free_repair, …).
 */
claim_outcome: string | null, };

export type LineInput = { kind: LineKind, description: string, qty: string, unit_price: string, discount: string, };

export type QuoteDecision = { approved: boolean, channel: ApprovalChannel, 
/**
 * On refusal: the diagnosis fee to charge at pickup (empty = none).
 */
diagnosis_fee: string | null, note: string | null, };

export type PickupInput = { method: PaymentMethod, 
/**
 * Cash handed over (cash only; empty = exact amount).
 */
tendered: string | null, note: string | null, };

export type PickupResult = { ticket: TicketDetail, 
/**
 * The payment or refund just recorded; none when nothing was owed
 * (what the drawer opens for, if cash).
 */
payment_id: string | null, 
/**
 * Cash to give back.
 */
change: string, };

export type BoardQuery = { status: TicketStatus | null, text: string | null, 
/**
 * Include picked-up and cancelled tickets.
 */
include_closed: boolean, };

export type TicketSummary = { id: string, number: string, tracking_code: string, customer_name: string, customer_phone: string, device: string, serial: string | null, status: TicketStatus, promised_date: string, overdue: boolean, 
/**
 * A warranty repair at a Turkish shop: Law 6502's clock (the 20th
 * working day, the loan device, the warning before the deadline).
 */
legal: RepairClock | null, };

export type DocKind = "intake_receipt" | "invoice" | "payment_receipt" | "handover_note" | "order_invoice" | "order_receipt" | "return_receipt" | "delivery_note";

export type AppStatus = { setup_done: boolean, session: Session | null, defaults: ShopProfile, 
/**
 * What choosing Türkiye at setup fills in.
 */
defaults_tr: ShopProfile, };

export type SyncStatus = { joined: boolean, hub_url: string | null, 
/**
 * Changes made here (actions, as the outbox counts them) that the hub
 * does not have yet.
 */
waiting: number, last_sync_at: string | null, last_error: string | null, 
/**
 * Others' changes this device kept aside for people to decide.
 */
conflicts: number, };

export type JoinInput = { hub_url: string, code: string, device_name: string, };

export type HubConflict = { id: string, seq: number, table: string, key: string, 
/**
 * changed_apart, status_apart, unit_twice, same_customer,
 * double_booked, oversold, not_permitted, rewrites_history,
 * erases_history, not_applied or audit_broken.
 */
kind: string, 
/**
 * The device whose change it is, and the other side's (when there is one).
 */
device: string, other_device: string | null, mine: Record<string, unknown> | null, theirs: Record<string, unknown> | null, at: string, 
/**
 * Set once a person decided it (a synced resolution).
 */
resolved: string | null, };

export type ResolveInput = { conflict_id: string, 
/**
 * What was done about it (e.g. "unit sold at K1; K2's buyer refunded").
 */
note: string, };

export type MergeInput = { keep: string, duplicate: string, 
/**
 * The conflict this merge settles, when it came from one.
 */
conflict_id: string | null, note: string | null, };

export type MessageKind = "received" | "quote" | "ready" | "paid" | "shipped" | "reminder" | "progress";

export type PublicFace = { 
/**
 * The address customers reach the hub at (empty: the hub's address
 * this device syncs with).
 */
public_url: string, 
/**
 * The owner's wording per message (absent: the catalog's).
 */
templates: Array<Template>, };

export type Template = { kind: MessageKind, text: string, };

export type PrepareMessage = { kind: MessageKind, 
/**
 * The ticket's or order's id.
 */
id: string, 
/**
 * The catalog's text in the counter's language, used when the owner
 * has not worded this message.
 */
fallback: string, };

export type PreparedMessage = { text: string, link: string, };

export type TaxClass = "standard" | "exempt";

export type WarrantyType = "standard" | "lifetime";

export type ProductInput = { sku: string, name: string, brand: string, category: string, price: string, tax_class: TaxClass, serialised: boolean, weight_grams: string, warranty_store_months: string, warranty_maker_months: string, warranty_type: WarrantyType, down_payment_allowed: boolean, 
/**
 * What the shop pays for one (empty = unknown): the margin in reports.
 */
cost_price: string | null, };

export type ProductSummary = { id: string, sku: string, name: string, brand: string, category: string, price: string, tax_class: TaxClass, serialised: boolean, warranty_type: WarrantyType, cost_price: string | null, on_hand: number, reserved: number, available: number, sold_out: boolean, };

export type StockReceipt = { product_id: string, qty: string, 
/**
 * Scanned serials, one per unit (serialised products only).
 */
serials: Array<string>, note: string | null, };

export type CouponKind = "fixed" | "percent";

export type Coupon = { code: string, kind: CouponKind, 
/**
 * An amount (fixed) or a percentage (percent).
 */
value: string, valid_from: string, valid_to: string | null, 
/**
 * The order's subtotal must reach this.
 */
min_subtotal: string, };

export type OrderTotals = { 
/**
 * Sum of the line amounts.
 */
subtotal: string, 
/**
 * Coupon discount on the subtotal.
 */
discount: string, base: string, tax: string, 
/**
 * Shipping, charged on top (not part of the taxed goods).
 */
shipping: string, total: string, };

export type CouponInput = { code: string, kind: CouponKind, value: string, valid_from: string, valid_to: string | null, min_subtotal: string | null, };

export type OrderStatus = "on_hold" | "awaiting_payment" | "payment_received" | "processing" | "ready_for_pickup" | "picked_up" | "in_delivery" | "delivered" | "cancelled" | "insufficient_stock" | "payment_declined";

export type Channel = "counter" | "web" | "phone";

export type Fulfilment = "pickup" | "delivery";

export type OrderLineInput = { product_id: string, qty: string, 
/**
 * Discount on the line as an amount (empty = none).
 */
discount: string | null, };

export type NewOrder = { channel: Channel, customer_id: string, fulfilment: Fulfilment, ship_address: string | null, ship_city: string | null, payment_method: PaymentMethod, 
/**
 * Cash on delivery (delivery orders in the configured regions only).
 */
cod: boolean, coupon: string | null, shipping: string | null, lines: Array<OrderLineInput>, note: string | null, 
/**
 * The buyer's NPWP or NIK for the invoice (optional).
 */
buyer_tax_id: string | null, };

export type OrderLine = { position: number, product_id: string, sku: string, name: string, qty: number, unit_price: string, discount: string, serialised: boolean, 
/**
 * Serials handed over for this line (after pickup or delivery).
 */
serials: Array<string>, };

export type OrderPayment = { id: string, 
/**
 * payment | refund
 */
kind: string, method: string, amount: string, 
/**
 * pending (a transfer awaiting verification) | verified | rejected
 */
status: string, bank: string | null, account_name: string | null, paid_on: string | null, received_at: string, 
/**
 * Where the transfer's proof is: a file the clerk chose, or
 * `hub:proof/<id>` for one sent on the hub's payment page.
 */
proof_path: string | null, };

export type OrderEvent = { kind: string, to_status: OrderStatus | null, note: string | null, staff_name: string, at: string, };

export type OrderDetail = { id: string, number: string, channel: Channel, status: OrderStatus, customer: Customer, fulfilment: Fulfilment, ship_address: string | null, ship_city: string | null, 
/**
 * cash | card | qris | bank_transfer | cod
 */
payment_method: string, coupon_code: string | null, lines: Array<OrderLine>, totals: OrderTotals, currency: Currency, 
/**
 * Verified payments minus refunds.
 */
paid: string, 
/**
 * What returns gave back (refunded goods, the return shipping the shop
 * bore) and credits (a cancelled backorder's goods). It comes off what
 * the order still asks for.
 */
returned: string, 
/**
 * Still to pay: the total less returns and payments (none once cancelled).
 */
balance: string, 
/**
 * Unpaid transfer orders are cancelled after this (UTC).
 */
pay_by: string | null, 
/**
 * The working day a paid order is processed (local date).
 */
processing_date: string | null, payments: Array<OrderPayment>, events: Array<OrderEvent>, note: string | null, created_at: string, buyer_tax_id: string | null, 
/**
 * The courier's tracking number once shipped.
 */
tracking: string | null, 
/**
 * Expected delivery, local dates (working days after the processing day).
 */
deliver_from: string | null, deliver_by: string | null, 
/**
 * The live invoice first, then voided ones.
 */
invoices: Array<OrderInvoice>, 
/**
 * On a device joined to a hub: `tentative` until the order and the
 * stock it holds are at the hub, `oversold` when the hub found the same
 * last unit held at another counter, `confirmed` otherwise. None on a
 * standalone device.
 */
confirmation: string | null, };

export type OrderQuery = { status: OrderStatus | null, 
/**
 * Number, customer name, phone or e-mail (any part of 3+ characters).
 */
text: string | null, };

export type OrderSummary = { id: string, number: string, channel: string, status: string, customer_name: string, fulfilment: string, total_minor: number, currency: string, created_at: string, };

export type CounterPayment = { method: PaymentMethod, 
/**
 * Cash handed over (cash only; empty = exact).
 */
tendered: string | null, 
/**
 * A down payment instead of the whole balance (empty = the balance);
 * only when every product on the order allows down payments.
 */
amount: string | null, };

export type PaidResult = { order: OrderDetail, change: string, 
/**
 * The payment just recorded (what the drawer opens for, if cash).
 */
payment_id: string, };

export type TransferConfirmation = { bank: string, account_name: string, amount: string, 
/**
 * YYYY-MM-DD
 */
paid_on: string, 
/**
 * Where the proof image was saved, if any.
 */
proof_path: string | null, };

export type ScannedSerial = { position: number, serial: string, };

export type OrderInvoice = { id: string, number: string, issued_at: string, buyer_tax_id: string | null, lines: Array<Line>, void_reason: string | null, voided_at: string | null, };

export type ImportReport = { created: number, updated: number, unchanged: number, rejected: Array<RejectedRecord>, };

export type RejectedRecord = { 
/**
 * Position in the file (0-based).
 */
index: number, 
/**
 * The Woo order id, when it could be read.
 */
woo_id: string | null, 
/**
 * The refusal's code, for the screen's message catalog.
 */
code: string | null, reason: string, };

export type ImportProgress = { done: number, total: number, };

export type MethodTotal = { method: string, count: number, amount: string, refunded: string, };

export type StatusCount = { status: string, count: number, };

export type WaitingTransfer = { order_id: string, number: string, customer: string, amount: string, received_at: string, hours: number, };

export type DayReport = { date: string, by_method: Array<MethodTotal>, taken: string, open_orders: Array<StatusCount>, waiting_transfers: Array<WaitingTransfer>, 
/**
 * Orders held as insufficient stock.
 */
backorders: Array<StatusCount>, backorder_count: number, 
/**
 * Visit payments (on site or at the counter), also in `by_method`.
 */
visit_by_method: Array<MethodTotal>, visit_taken: string, 
/**
 * Cash collected by couriers on the day's runs, per courier.
 */
couriers: Array<CourierDay>, 
/**
 * The day's money per branch (the whole shop once synced).
 */
by_branch: Array<BranchTotal>, };

export type BranchTotal = { branch: string, count: number, taken: string, };

export type WindowUnit = "calendar_days" | "working_days";

export type ReturnPolicy = { window: number, unit: WindowUnit, 
/**
 * The customer's own mistake (ordered the wrong item, changed mind) is refused.
 */
refuse_customer_mistake: boolean, 
/**
 * A refund needs the goods sealed and unused.
 */
refund_needs_sealed_unused: boolean, };

export type ReturnReason = "wrong_item" | "invoice_mismatch" | "defective" | "damaged_in_transit" | "customer_mistake";

export type ShippingPayer = "shop" | "customer";

export type Condition = { seal_intact: boolean, unused: boolean, complete: boolean, };

export type ReturnOutcome = "exchange" | "refund" | "repair";

export type ReturnInput = { 
/**
 * The order line returned.
 */
position: number, 
/**
 * The unit's serial (serialised products).
 */
serial: string | null, 
/**
 * How many (non-serialised products; serialised: one per return).
 */
qty: string, reason: ReturnReason, condition: Condition, outcome: ReturnOutcome, 
/**
 * Exchange of a serialised product: the replacement unit's serial.
 */
replacement_serial: string | null, 
/**
 * What the customer paid the courier to send the goods back, if they
 * were sent; the shop pays it back when the return is its own error.
 */
return_shipping: string | null, note: string | null, };

export type ReturnResult = { number: string, order: OrderDetail, 
/**
 * Repair: the service ticket opened for the unit.
 */
ticket_id: string | null, 
/**
 * Goods refunded plus return shipping the shop bears.
 */
refund: string | null, 
/**
 * Who bears the return shipping.
 */
shipping_paid_by: ShippingPayer, };

export type ReturnRecord = { id: string, number: string, order_id: string, order_number: string, customer_name: string, customer_phone: string, sku: string, name: string, serial: string | null, qty: number, reason: string, seal_intact: boolean, unused: boolean, complete: boolean, outcome: string, refund_amount: number | null, currency: string, replacement_serial: string | null, ticket_number: string | null, note: string | null, 
/**
 * What sending it back cost, and who bears it (shop | customer).
 */
return_shipping: number | null, shipping_paid_by: string | null, staff_name: string, at: string, };

export type PriceCorrection = { position: number, 
/**
 * The right unit price.
 */
unit_price: string, 
/**
 * Needed when the right price is higher: accepted, or not (→ cancel and refund).
 */
customer_accepts: boolean | null, note: string | null, };

export type LineChange = { 
/**
 * The order's lines as they should be from now on.
 */
lines: Array<OrderLineInput>, note: string | null, };

export type PullInput = { 
/**
 * The store's address, e.g. https://toko.example.co.id
 */
url: string, consumer_key: string, consumer_secret: string, };

export type ShippingRate = { 
/**
 * A city or regency as people write it; "" for the default rate.
 */
city: string, 
/**
 * Per started kilogram, in the shop's currency's major unit.
 */
per_kg: number, days_min: number, days_max: number, };

export type ShippingRules = { free_regions: Array<string>, 
/**
 * Working days to the free regions.
 */
free_days_min: number, free_days_max: number, rates: Array<ShippingRate>, default_rate: ShippingRate, };

export type ShippingQuote = { fee: string, free: boolean, days_min: number, days_max: number, };

export type DamageReport = { 
/**
 * What is damaged, as seen at handover.
 */
what: string, courier: string, 
/**
 * Saved photo files (paths), if any.
 */
photos: Array<string>, };

export type ShippedQty = { position: number, qty: number, };

export type PartialShipment = { tracking: string, 
/**
 * How many of each line ship now (lines not listed: none).
 */
lines: Array<ShippedQty>, serials: Array<ScannedSerial>, 
/**
 * Who agreed to a partial delivery, how and when, as the customer said it.
 */
consent: string, };

export type PartialResult = { order: OrderDetail, backorder: OrderDetail, };

export type WarrantyRules = { 
/**
 * A hardware defect within this many days of purchase → a new unit.
 */
doa_days: number, 
/**
 * … only with the complete box and accessories.
 */
doa_needs_complete_box: boolean, 
/**
 * "Lifetime warranty": the store handles claims this long, then the maker.
 */
lifetime_store_months: number, 
/**
 * A claim shipped in from outside the city within this many working
 * days of receipt → the shop pays the return shipping.
 */
free_return_working_days: number, };

export type Purchase = { 
/**
 * The day the customer received it (local date).
 */
start: string, store_months: number, maker_months: number, kind: WarrantyType, };

export type Defect = "hardware" | "software";

export type Checklist = { 
/**
 * Box, packaging and every accessory are there.
 */
box_complete: boolean, physical_damage: boolean, seal_broken: boolean, 
/**
 * Opened or repaired somewhere else.
 */
unauthorised_repair: boolean, 
/**
 * The fault is in a consumable part (lamp, rollers, print head …).
 */
consumable: boolean, };

export type WarrantyOutcome = "not_ours" | "exchange" | "free_repair" | "chargeable" | "principal" | "expired";

export type ClaimShippingPayer = "shop" | "buyer";

export type VerdictReason = { code: string, id: string, en: string, };

export type Verdict = { outcome: WarrantyOutcome, reasons: Array<VerdictReason>, 
/**
 * Last day of the store's warranty, and of the maker's.
 */
store_until: string | null, maker_until: string | null, 
/**
 * Who pays to send a couriered unit back.
 */
return_shipping: ClaimShippingPayer | null, };

export type CardPayload = { serial: string, sku: string, invoice: string, start: string, store_months: number, maker_months: number, kind: WarrantyType, };

export type Mapping = { serial: number, 
/**
 * SKU as in the catalog, or the product's name.
 */
product: number, invoice: number, date: number, customer: number, phone: number | null, };

export type CardPaper = "a6" | "a5" | "roll80";

export type WarrantyUnit = { id: string, serial: string, sku: string, product_name: string, brand: string, invoice_number: string, sold_on: string, start_date: string, store_months: number, maker_months: number, kind: string, customer_name: string, customer_phone: string | null, 
/**
 * sale | import | replacement
 */
source: string, 
/**
 * The unit this one replaced (a principal or DOA exchange).
 */
replaces: string | null, 
/**
 * Set when a later unit replaced this one.
 */
replaced_by: string | null, };

export type CheckInput = { 
/**
 * A scanned card's QR text, a serial, an invoice number or a phone.
 */
query: string, 
/**
 * One of several units found (by invoice or phone).
 */
unit_id: string | null, claim: ClaimInput, };

export type ClaimInput = { 
/**
 * YYYY-MM-DD; empty = today.
 */
date: string | null, defect: Defect, checklist: Checklist, shipped_in: boolean, };

export type CardCheck = { accepted: boolean, 
/**
 * card_valid | card_other_shop | card_altered | card_forged
 */
code: string, reason: VerdictReason, payload: CardPayload, };

export type UnitEvent = { kind: string, data: string, ticket_number: string | null, staff_name: string, at: string, };

export type CheckResult = { 
/**
 * Everything the query found.
 */
units: Array<WarrantyUnit>, 
/**
 * The unit judged (none when several match and none was picked).
 */
unit: WarrantyUnit | null, card: CardCheck | null, verdict: Verdict | null, history: Array<UnitEvent>, };

export type CardKey = { key_id: string, public_key: string, label: string, own: boolean, added_at: string, };

export type ImportOptions = { mapping: Mapping, 
/**
 * The first line names the columns.
 */
header: boolean, 
/**
 * For products not in the catalog.
 */
store_months: number, maker_months: number, };

export type PreviewRow = { line: number, cells: Array<string>, error: string | null, };

export type Preview = { header: Array<string>, mapping: Mapping, rows: Array<PreviewRow>, };

export type BadRow = { line: number, reason: string, };

export type PastSalesReport = { imported: number, 
/**
 * Already in the registry (same serial and invoice).
 */
already: number, rejected: number, 
/**
 * The first bad rows, with their line numbers.
 */
bad_rows: Array<BadRow>, };

export type PastSalesProgress = { lines: number, total: number, };

export type ClaimRequest = { 
/**
 * The same input as the check: the verdict is worked out again here.
 */
check: CheckInput, complaint: string, 
/**
 * Who brings the unit, when its buyer is not a customer on file.
 */
customer_id: string | null, };

export type PrincipalRma = { id: string, warranty_id: string, brand: string, rma_number: string, shipped_on: string, returned_on: string | null, outcome: string | null, replacement_serial: string | null, };

export type PrincipalSend = { warranty_id: string, 
/**
 * The service ticket of the claim, if any.
 */
ticket_id: string | null, 
/**
 * The brand's RMA number.
 */
rma_number: string, 
/**
 * YYYY-MM-DD; empty = today.
 */
shipped_on: string | null, };

export type PrincipalOutcome = "repaired" | "replaced" | "rejected";

export type PrincipalReturn = { outcome: PrincipalOutcome, 
/**
 * YYYY-MM-DD; empty = today.
 */
returned_on: string | null, 
/**
 * Replaced: the new unit's serial.
 */
replacement_serial: string | null, 
/**
 * Replaced: a full new warranty from the return day instead of the rest
 * of the old one.
 */
fresh_warranty: boolean, };

export type SlaRules = { 
/**
 * Due by the close of the next business day after the request.
 */
next_business_day: boolean, 
/**
 * … and never later than this many working hours after it.
 */
max_working_hours: number, 
/**
 * At risk when less working time than this is left.
 */
at_risk_minutes: number, };

export type SlaState = "on_time" | "at_risk" | "breached";

export type Surcharge = { "kind": "fixed", amount: number, } | { "kind": "percent", percent: number, };

export type VisitPolicy = { sla: SlaRules, surcharge: Surcharge, 
/**
 * Minutes kept free between two visits of one technician.
 */
travel_buffer_minutes: number, 
/**
 * Labour per started quarter hour is billed at this rate per hour
 * (minor units of the shop's currency); 0 = labour is not billed.
 */
labour_per_hour: number, };

export type WorkshopHandoff = { device_category: string, brand: string, model: string, serial: string | null, 
/**
 * The site's city (for the pickup fee).
 */
city: string, courier_id: string, 
/**
 * YYYY-MM-DD.
 */
planned_on: string, };

export type VisitInvoice = { id: string, number: string, issued_at: string, lines: Array<Line>, totals: Totals, 
/**
 * The buyer's NPWP/NIK, given at a reissue.
 */
buyer_tax_id: string | null, void_reason: string | null, voided_at: string | null, };

export type VisitPayment = { method: string, amount: string, received_at: string, };

export type VisitBill = { visit_id: string, number: string, customer_name: string, customer_phone: string, 
/**
 * The live invoice, else the newest voided one (what prints).
 */
invoice: VisitInvoice | null, 
/**
 * Every invoice of the visit: the live one first, then voided ones
 * newest first.
 */
invoices: Array<VisitInvoice>, payments: Array<VisitPayment>, balance: string, currency: Currency, ticket_number: string | null, has_signature: boolean, };

export type VisitPaymentInput = { method: PaymentMethod, 
/**
 * Cash handed over (cash only; empty = exact amount).
 */
tendered: string | null, };

export type VisitPaid = { bill: VisitBill, 
/**
 * Cash to give back.
 */
change: string, 
/**
 * The payment just recorded (what the drawer opens for, if cash).
 */
payment_id: string, };

export type Availability = { skills: Array<string>, 
/**
 * Monday = 0 … Sunday = 6; `None` = not working that weekday.
 */
hours: [DayHours | null, DayHours | null, DayHours | null, DayHours | null, DayHours | null, DayHours | null, DayHours | null], days_off: Array<string>, };

export type Slot = { start: string, end: string, };

export type OffReason = "holiday" | "day_off" | "not_working";

export type DispatchBoard = { 
/**
 * The local dates shown, first to last.
 */
days: Array<string>, 
/**
 * The shop's local date now.
 */
today: string, 
/**
 * The board's hours, [from, to), the same on every day.
 */
hour_from: number, hour_to: number, 
/**
 * Kept free before and after every visit for travel.
 */
buffer_minutes: number, rows: Array<DispatchRow>, 
/**
 * Requests not booked yet, the most urgent first.
 */
requests: Array<DispatchRequest>, };

export type DispatchRow = { staff_id: string, name: string, skills: Array<string>, days: Array<DispatchDay>, };

export type DispatchDay = { date: string, 
/**
 * Working window in minutes from local midnight; none when off.
 */
open: number | null, close: number | null, off: OffReason | null, blocks: Array<DispatchBlock>, };

export type DispatchBlock = { visit: Visit, customer: string, 
/**
 * Minutes from the day's local midnight.
 */
from: number, to: number, };

export type DispatchRequest = { visit: Visit, customer: string, 
/**
 * What the technician must know: rows without it cannot take it.
 */
skills: Array<string>, };

export type TechnicianInput = { skills: Array<string>, 
/**
 * Monday first; `null` = not working that weekday.
 */
hours: [DayHours | null, DayHours | null, DayHours | null, DayHours | null, DayHours | null, DayHours | null, DayHours | null], 
/**
 * YYYY-MM-DD.
 */
days_off: Array<string>, };

export type Grade = "good" | "fair" | "poor";

export type Destination = "used_stock" | "maker_programme";

export type CheckItem = { item: string, ok: boolean, };

export type ModelCredit = { model: string, good: string, fair: string, poor: string, };

export type Programme = { name: string, brand: string, models: Array<ModelCredit>, 
/**
 * YYYY-MM-DD, both included.
 */
valid_from: string, valid_to: string, };

export type ProgrammeRow = { id: string, programme: Programme, };

export type TradeInInput = { 
/**
 * The programme it is valued by (empty: the agreed value).
 */
programme_id: string | null, brand: string, model: string, serial: string, grade: Grade, checklist: Array<CheckItem>, 
/**
 * The agreed value, only without a programme.
 */
value: string | null, destination: Destination, 
/**
 * Photos of the unit as taken in (PNG or JPEG; at most ten).
 */
photos: Array<AttachmentInput>, };

export type AttachmentInput = { name: string, data_base64: string, };

export type RepairClock = { deadline: string, working_days: number, days_left: number, loan_due: boolean, near: boolean, missed: boolean, };

export type AttachmentSubject = "service_order" | "trade_in";

export type AttachmentInfo = { id: string, name: string, mime: string, size: number, at: string, };

export type ContractChange = { units: Array<string>, frequency: Frequency, 
/**
 * Response time in working hours (1–240).
 */
sla_hours: number, 
/**
 * YYYY-MM-DD: the new terms hold from this day (today or later).
 */
from: string, reason: string, };

export type ServiceStatus = "proposed" | "confirmed" | "in_progress" | "change_proposed" | "accepted" | "cancelled";

export type ServiceChannel = "walk_in" | "phone" | "whatsapp" | "email" | "web";

export type Milestone = { title: string, 
/**
 * YYYY-MM-DD, the planned date.
 */
planned_on: string, 
/**
 * What the customer gets at this milestone.
 */
deliverable: string, 
/**
 * Share of the order's total invoiced when this milestone is done.
 */
pay_percent: number, };

export type ServiceScope = { title: string, 
/**
 * The requirements as discussed with the customer.
 */
requirements: string, 
/**
 * The requirement checklist (e.g. "8 kamera outdoor", "NVR 2 TB").
 */
checklist: Array<string>, site_address: string, 
/**
 * Services and goods quoted.
 */
lines: Array<Line>, milestones: Array<Milestone>, 
/**
 * What the handover is checked against.
 */
acceptance_criteria: Array<string>, 
/**
 * Share of the total invoiced before the work starts (0–100).
 */
deposit_percent: number, 
/**
 * The support period after acceptance, in days (0 = none).
 */
support_days: number, 
/**
 * What the support period covers.
 */
support_scope: string, 
/**
 * Further terms printed on the confirmation.
 */
terms: string, };

export type NewServiceOrder = { customer_id: string, channel: ServiceChannel, scope: ServiceScope, };

export type RevisionInput = { scope: ServiceScope, 
/**
 * Why the confirmation changes (printed on the new revision).
 */
reason: string, };

export type AcceptedHow = "signature" | "whatsapp" | "email" | "phone";

export type AcceptanceInput = { 
/**
 * The revision the customer saw: accepting an older one is refused.
 */
revision: number, how: AcceptedHow, signer: string, 
/**
 * The reply's reference (a chat's date and sender, an email's
 * subject); required unless signed.
 */
reference: string | null, 
/**
 * The signature pad's PNG, base64 (signed only).
 */
signature_png: string | null, };

export type ServicePaymentInput = { invoice_id: string, method: PaymentMethod, 
/**
 * Cash handed over (cash only; empty = exact amount).
 */
tendered: string | null, };

export type ServicePaid = { order: ServiceOrder, change: string, payment_id: string, };

export type ProgressInput = { 
/**
 * 1-based, as the confirmation lists them.
 */
milestone: number, 
/**
 * 0–100 %.
 */
progress: number, note: string, };

export type OrderVisitInput = { 
/**
 * The milestone the visit works on (None for a support visit).
 */
milestone: number | null, problem: string, 
/**
 * Local "YYYY-MM-DDTHH:MM", the customer's preferred time.
 */
preferred_at: string | null, skills: Array<string>, 
/**
 * A support visit after the support period: its price as any visit's.
 */
quote: string | null, };

export type CriterionCheck = { criterion: string, met: boolean, };

export type HandoverOutcome = "accepted" | "revisions";

export type HandoverInput = { 
/**
 * What was delivered.
 */
delivered: string, 
/**
 * Each acceptance criterion of the confirmation, in its order, met or not.
 */
criteria: Array<CriterionCheck>, outcome: HandoverOutcome, 
/**
 * What the customer asks to change (revisions only).
 */
revisions: string | null, signer: string, 
/**
 * The customer's signature, base64 PNG.
 */
signature_png: string, };

export type RevisionInfo = { revision: number, reason: string | null, created_at: string, total: string, 
/**
 * How the customer accepted it ("signature", "whatsapp" …), if they did.
 */
accepted_how: string | null, accepted_by: string | null, accepted_at: string | null, };

export type MilestoneState = { seq: number, title: string, planned_on: string, deliverable: string, pay_percent: number, 
/**
 * The newest progress recorded (0 when none).
 */
progress: number, last_note: string | null, };

export type ServiceInvoice = { id: string, number: string, 
/**
 * deposit | milestone | final
 */
kind: string, milestone: number | null, revision: number, issued_at: string, lines: Array<Line>, totals: Totals, paid: string, balance: string, 
/**
 * Why its live number is void (until it is reissued).
 */
void_reason: string | null, 
/**
 * The numbers it was printed under before (voided).
 */
earlier_numbers: Array<string>, 
/**
 * The buyer's NPWP, given on a reissue.
 */
buyer_tax_id: string | null, };

export type ServicePayment = { invoice_id: string, invoice_number: string, method: string, amount: string, received_at: string, };

export type HandoverInfo = { number: string, revision: number, 
/**
 * accepted | revisions
 */
outcome: string, revisions: string | null, signer: string, at: string, };

export type OrderVisit = { id: string, number: string, status: string, milestone: number | null, starts_at: string | null, 
/**
 * The order covers it (milestone work, or support inside the period).
 */
covered: boolean, };

export type ServiceEvent = { kind: string, to_status: string | null, note: string | null, staff_name: string, at: string, };

export type ServiceOrder = { id: string, number: string, confirmation: string, 
/**
 * The code that opens the order on the shop's tracking page (orders
 * from before it have none).
 */
tracking_code: string | null, customer_id: string, customer_name: string, customer_phone: string, channel: string, status: ServiceStatus, 
/**
 * The newest revision and the newest one the customer accepted.
 */
revision: number, accepted_revision: number | null, 
/**
 * The newest revision's scope and totals.
 */
scope: ServiceScope, totals: Totals, currency: Currency, revisions: Array<RevisionInfo>, milestones: Array<MilestoneState>, invoices: Array<ServiceInvoice>, payments: Array<ServicePayment>, 
/**
 * Invoiced and not paid.
 */
balance: string, 
/**
 * The down payment still owed: the work cannot start until it is 0.
 */
deposit_owed: string, handovers: Array<HandoverInfo>, visits: Array<OrderVisit>, started_at: string | null, accepted_at: string | null, support_ends_on: string | null, support_days_left: number, last_update_at: string | null, 
/**
 * The work goes on and the customer has had no news for the shop's
 * number of working days.
 */
stale: boolean, events: Array<ServiceEvent>, 
/**
 * Files kept with the requirements (a site photo, a floor plan).
 */
attachments: Array<AttachmentInfo>, };

export type ServiceOrderRow = { id: string, number: string, customer_name: string, title: string, status: ServiceStatus, total: string, balance: string, currency: Currency, last_update_at: string | null, stale: boolean, support_ends_on: string | null, support_days_left: number, };

export type Technician = { staff_id: string, name: string, availability: Availability, };

export type VisitKind = "warranty" | "paid" | "maintenance" | "installation";

export type VisitRequest = { customer_id: string, site_address: string, site_contact: string, site_phone: string, kind: VisitKind, problem: string, 
/**
 * Units on site: serial and, when checked, the warranty verdict.
 */
units: Array<VisitUnit>, 
/**
 * What the technician must know (e.g. "scanner A0", "plotter").
 */
skills: Array<string>, 
/**
 * Local "YYYY-MM-DDTHH:MM", the customer's preferred time.
 */
preferred_at: string | null, 
/**
 * The visit's price before any surcharge (paid visits).
 */
quote: string | null, };

export type VisitUnit = { serial: string, 
/**
 * The warranty outcome from our registry when the visit was requested
 * (free_repair, exchange, chargeable, principal, expired, not_ours);
 * set by the core, whatever the form sent.
 */
verdict: string | null, };

export type BookingInput = { technician_id: string, 
/**
 * Local "YYYY-MM-DDTHH:MM".
 */
starts_at: string, minutes: number, 
/**
 * The customer accepted the surcharge for a visit outside working hours.
 */
after_hours_accepted: boolean, 
/**
 * Why, when a booked visit moves.
 */
reason: string | null, };

export type Visit = { id: string, number: string, customer_id: string, kind: string, problem: string, site_address: string, status: string, requested_at: string, due_at: string, technician_id: string | null, starts_at: string | null, ends_at: string | null, after_hours: boolean, surcharge: number, sla: SlaState, 
/**
 * Units on site with their warranty verdict at the request.
 */
units: Array<VisitUnit>, 
/**
 * On a device joined to a hub: `confirmed` once the hub has the booking
 * without a conflict, `tentative` while it has not reached the hub
 * (offline), `double_booked` when the hub found the technician already
 * confirmed for those hours. None on a standalone device.
 */
confirmation: string | null, };

export type VisitOutcome = "fixed" | "needs_parts" | "needs_workshop";

export type VisitPart = { product_id: string, qty: string, };

export type VisitReport = { work_done: string, parts: Array<VisitPart>, labour_minutes: number, 
/**
 * Who signed for the work on site.
 */
customer_name: string, 
/**
 * The signature drawn on the tablet: a PNG, base64 (a `data:` URL is fine).
 */
signature_png: string | null, outcome: VisitOutcome, 
/**
 * With `needs_workshop`: the unit and who collects it when.
 */
workshop: WorkshopHandoff | null, 
/**
 * Needed when the visit ends after its due time.
 */
breach_reason: string | null, };

export type Party = "customer" | "courier" | "counter" | "technician";

export type Frequency = "monthly" | "quarterly" | "half_yearly" | "yearly";

export type JobKind = "pickup" | "delivery";

export type NewJob = { kind: JobKind, ticket_id: string, address: string, city: string, phone: string, courier_id: string, 
/**
 * YYYY-MM-DD.
 */
planned_on: string, 
/**
 * Delivery: what the courier collects (the ticket's balance, if any).
 */
collect_balance: boolean, };

export type Job = { id: string, number: string, kind: string, ticket_id: string, ticket_number: string, customer_name: string, device: string, address: string, city: string, phone: string, courier_id: string, planned_on: string, fee: number, cash_to_collect: number, currency: string, status: string, 
/**
 * The phone as people dial it (0812-3456-7890).
 */
phone_dial: string, };

export type Handover = { from: Party, to: Party, 
/**
 * The condition as seen at the handover.
 */
condition: string, 
/**
 * The ticket code read from the ticket's barcode (must match).
 */
scanned: string, 
/**
 * The courier job this handover belongs to, if any.
 */
job_id: string | null, };

export type CustodyEntry = { from_party: string, to_party: string, staff_name: string, condition: string, at: string, };

export type Courier = { id: string, name: string, };

export type JobCash = { job_id: string, number: string, ticket_number: string, customer_name: string, to_collect: string, 
/**
 * None until recorded (0 = the customer paid nothing).
 */
collected: string | null, recorded_at: string | null, };

export type RunClosed = { expected: string, handed_in: string, 
/**
 * Handed in less expected: negative when cash is missing.
 */
difference: string, note: string | null, 
/**
 * Who counted it.
 */
by: string, at: string, };

export type RunCash = { courier_id: string, day: string, currency: Currency, jobs: Array<JobCash>, to_collect: string, 
/**
 * What the jobs collected so far: what the courier should hand in.
 */
expected: string, closed: RunClosed | null, };

export type RunClose = { handed_in: string, 
/**
 * Required when the count differs from what was collected.
 */
note: string | null, };

export type CourierDay = { courier_id: string, courier_name: string, 
/**
 * Jobs with cash to collect.
 */
jobs: number, to_collect: string, expected: string, handed_in: string | null, difference: string | null, reconciled: boolean, note: string | null, };

export type NewContract = { customer_id: string, units: Array<string>, site_address: string, 
/**
 * YYYY-MM-DD, both included.
 */
starts_on: string, ends_on: string, frequency: Frequency, 
/**
 * Response time for visits to the covered units, in working hours (1–240).
 */
sla_hours: number, };

export type ContractReport = { id: string, number: string, customer_name: string, starts_on: string, ends_on: string, frequency: string, sla_hours: number, 
/**
 * Planned visits made so far (the plan's visits up to the horizon).
 */
planned: number, 
/**
 * The plan's visits still to be made as time goes on.
 */
to_come: number, done: number, 
/**
 * Done after their due time, or not done and past it.
 */
late: number, open: number, 
/**
 * Visits requested for covered units besides the plan.
 */
callouts: number, 
/**
 * active | cancelled
 */
status: string, 
/**
 * The serials it covers.
 */
units: Array<string>, };

export type Consultation = { customer_id: string, serial: string | null, problem: string, 
/**
 * The software and settings the customer uses.
 */
software: string | null, advice: string, 
/**
 * YYYY-MM-DD, when to call back.
 */
follow_up_on: string | null, };

export type ConsultationEntry = { customer_name: string, serial: string | null, problem: string, software: string | null, advice: string, follow_up_on: string | null, staff_name: string, at: string, };

export type Width = "cols32" | "cols42" | "cols48";

export type CodePage = "pc437" | "pc857" | "wpc1254";

export type Cut = "full" | "partial" | "none";

export type Connection = { "kind": "network", address: string, } | { "kind": "device", path: string, } | { "kind": "spooler", name: string, };

export type ReceiptPrinter = { connection: Connection, 
/**
 * 58 mm = 32 columns, 80 mm = 42 or 48.
 */
width: Width, 
/**
 * The table Konter writes text in …
 */
code_page: CodePage, 
/**
 * … and that table's number on this printer (`ESC t n`: it differs
 * by vendor; Epson: PC437 0, PC857 13, WPC1254 48).
 */
code_table: number, cut: Cut, 
/**
 * The drawer's pin (2 or 5) and its pulse in ms.
 */
drawer_pin: number, drawer_pulse_ms: number, };

export type LabelLanguage = "zpl" | "tspl";

export type LabelPrinter = { connection: Connection, language: LabelLanguage, width_mm: number, height_mm: number, 
/**
 * 203 or 300.
 */
dpi: number, };

export type AutoPrint = { 
/**
 * The receipt after a payment at the counter.
 */
payment_receipt: boolean, 
/**
 * The intake receipt after an intake …
 */
intake_receipt: boolean, 
/**
 * … in 1 or 2 copies (customer's and shop's).
 */
intake_copies: number, 
/**
 * The device label at intake.
 */
intake_label: boolean, 
/**
 * Product or serial labels at stock receipt.
 */
stock_labels: boolean, 
/**
 * The warranty card at handover.
 */
warranty_card: boolean, 
/**
 * The drawer opens on a cash payment or refund.
 */
drawer_on_cash: boolean, };

export type Printers = { 
/**
 * None: receipts open as PDF in the viewer, as without printers.
 */
receipt: ReceiptPrinter | null, label: LabelPrinter | null, 
/**
 * The OS printer A4 documents go to; None: they open in the viewer.
 */
a4_printer: string | null, auto: AutoPrint, };

export type PrintDoc = "intake_receipt" | "payment_receipt" | "order_receipt" | "visit_receipt" | "return_receipt" | "device_label" | "product_labels" | "test_page" | "test_label" | "drawer" | "shift_summary";

export type PrinterRole = "receipt" | "label" | "a4";

export type PrintRequest = { doc: PrintDoc, 
/**
 * The ticket, order, visit, return or product (none for a test).
 */
id: string | null, 
/**
 * Product labels: these serials of the product, one label each.
 */
serials: Array<string>, 
/**
 * Copies (receipts 1-3; SKU labels 1-100).
 */
copies: number, };

export type PrintJob = { id: string, doc_kind: string, doc_id: string | null, doc_number: string | null, printer: string, target: string, copies: number, drawer: boolean, 
/**
 * printed | failed
 */
outcome: string, 
/**
 * Why it failed (a key of the message catalog).
 */
error_code: string | null, reason: string | null, staff_id: string, staff_name: string, at: string, };

export type Printed = { job: PrintJob, message: string | null, };

export type PrintedOrShown = { printed: Printed | null, path: string | null, };

export type AutoEvent = "ticket_paid" | "order_paid" | "visit_paid" | "intake" | "stock_received";

export type AutoRequest = { event: AutoEvent, id: string, 
/**
 * Stock received: the serials, or none for `qty` SKU labels.
 */
serials: Array<string>, qty: number, 
/**
 * The payment or refund the action just recorded (a pickup's,
 * counter or visit payment's result, an intake's down payment).
 */
payment_id: string | null, };

export type CashReason = "petty_cash" | "supplies" | "transport" | "meals" | "utilities" | "bank_deposit" | "change_from_bank" | "other";

export type CashDirection = "pay_in" | "pay_out";

export type DenominationCount = { value: string, count: number, };

export type MethodSum = { method: string, count: number, amount: string, };

export type ShiftMove = { id: string, 
/**
 * payment | refund | void | courier | pay_in | pay_out
 */
kind: string, method: string, 
/**
 * Signed: into the drawer positive.
 */
amount: string, reason: string | null, note: string | null, 
/**
 * The ticket's, order's or visit's number, or the courier's name.
 */
document: string | null, staff: string, at: string, };

export type Shift = { id: string, number: string, drawer: string, currency: Currency, float: string, opened_by_id: string, opened_by: string, opened_at: string, closed_by: string | null, closed_at: string | null, 
/**
 * The cash the drawer should hold: now, or when it was closed.
 */
expected: string, counted: string | null, 
/**
 * Counted less expected: negative is cash missing.
 */
difference: string | null, denominations: Array<DenominationCount>, 
/**
 * The notes and coins of the currency, largest first, for the count.
 */
notes_and_coins: Array<string>, note: string | null, by_method: Array<MethodSum>, cash_taken: string, 
/**
 * Cash refunds and voided cash payments (as a positive amount).
 */
cash_paid_back: string, courier_cash: string, pay_ins: string, pay_outs: string, moves: Array<ShiftMove>, };

export type ShiftOpen = { 
/**
 * The float counted into the drawer, as typed ("500.000").
 */
float: string, };

export type CashMove = { direction: CashDirection, reason: CashReason, amount: string, note: string | null, };

export type ShiftClose = { 
/**
 * The cash counted, as typed; may be left empty when counted by
 * denomination.
 */
counted: string | null, denominations: Array<DenominationCount>, 
/**
 * Required when the count differs from the expected cash.
 */
note: string | null, };

export type TodayItem = { kind: string, id: string, number: string, customer: string, 
/**
 * The status code (ticket, order, visit or courier job), if any.
 */
status: string | null, 
/**
 * The technician or courier.
 */
who: string | null, 
/**
 * The device, the bank account, the problem, the job's kind.
 */
detail: string | null, 
/**
 * The instant or date the item is about (ready since, starts, promised).
 */
at: string | null, };

export type TodayMoney = { today: string, yesterday: string, };

export type TodayShift = { id: string, number: string, opened_by: string, expected: string, };

export type Today = { 
/**
 * The shop's local date.
 */
date: string, ready: Array<TodayItem>, transfers: Array<TodayItem>, visits: Array<TodayItem>, runs: Array<TodayItem>, overdue: Array<TodayItem>, stale: Array<TodayItem>, 
/**
 * The working days after which a repair counts as not moving.
 */
stale_days: number, follow_ups: Array<TodayItem>, 
/**
 * Only for who may see the reports.
 */
money: TodayMoney | null, 
/**
 * Whether this session may run the drawer's shift, and the open one.
 */
may_run_shift: boolean, shift: TodayShift | null, };

export type FollowUp = { id: string, customer_id: string, customer_name: string, problem: string, follow_up_on: string, };

export type SearchHit = { kind: string, 
/**
 * The id to open (for a unit: its serial, opened in the warranty check;
 * for a product: its SKU).
 */
id: string, 
/**
 * The number, name, serial or SKU.
 */
title: string, 
/**
 * The customer, device, product or phone beside it.
 */
subtitle: string, status: string | null, 
/**
 * The query is exactly this hit's code.
 */
exact: boolean, };

export type SearchResults = { query: string, hits: Array<SearchHit>, 
/**
 * The one document the query names exactly (a scanned code).
 */
open: SearchHit | null, };

export type CustomerRecord = { id: string, number: string, status: string, 
/**
 * The device, the order's total, the visit's problem, the contract's term.
 */
detail: string, at: string, 
/**
 * What it still asks of the customer (open records only).
 */
owed: string | null, };

export type OwnedUnit = { id: string, serial: string, product_name: string, invoice_number: string, start_date: string, 
/**
 * in_store | maker_only | lifetime | expired | replaced
 */
warranty: string, 
/**
 * The last day of the warranty that runs longest (none for lifetime).
 */
until: string | null, };

export type CustomerPage = { customer: Customer, 
/**
 * Duplicates merged into this customer (their history is here too).
 */
merged: Array<Customer>, 
/**
 * The customer this one was merged into, if it was.
 */
merged_into: string | null, tickets: Array<CustomerRecord>, orders: Array<CustomerRecord>, visits: Array<CustomerRecord>, contracts: Array<CustomerRecord>, units: Array<OwnedUnit>, balance: string, currency: Currency, };

export type CustomerEdit = { name: string, phone: string, email: string | null, address: string | null, note: string | null, 
/**
 * The note pops up when the customer is picked at an intake or a sale.
 */
note_flagged: boolean, };

export type ReportKind = "money_in" | "sales" | "turnaround" | "open_tickets" | "technicians" | "warranty_claims" | "busy_hours";

export type ColumnKind = "text" | "money" | "count" | "percent" | "days";

export type Column = { 
/**
 * The message key's tail (`report.col.<key>`) and the export's header.
 */
key: string, kind: ColumnKind, };

export type ChartSpec = { 
/**
 * bar | stacked | line
 */
style: string, 
/**
 * The columns drawn (by key), in order.
 */
series: Array<string>, };

export type Report = { kind: ReportKind, from: string, to: string, group: string, columns: Array<Column>, rows: Array<Array<string>>, total: Array<string> | null, chart: ChartSpec, };

export type ReportQuery = { kind: ReportKind, 
/**
 * First and last local day, YYYY-MM-DD.
 */
from: string, to: string, 
/**
 * sales: category | brand | product; turnaround: device | technician.
 */
group: string | null, };

export type ExportFormat = "csv" | "xlsx" | "pdf";

export type ReportExport = { query: ReportQuery, format: ExportFormat, 
/**
 * The report's title as the screen shows it.
 */
title: string, 
/**
 * One header per column, as the screen shows them.
 */
headers: Array<string>, 
/**
 * The chart as the screen drew it (PDF only): a PNG, base64.
 */
chart_png: string | null, };

export type SheetFormat = "csv" | "xlsx";

export type ProductColumns = { sku: number | null, name: number | null, brand: number | null, category: number | null, price: number | null, cost_price: number | null, serialised: number | null, tax_exempt: number | null, weight_grams: number | null, warranty_store_months: number | null, warranty_maker_months: number | null, };

export type CustomerColumns = { name: number | null, phone: number | null, email: number | null, address: number | null, note: number | null, };

export type RowAction = "new" | "update" | "unchanged" | "refused";

export type RowResult = { 
/**
 * The line in the file (the header is line 1).
 */
line: number, sku: string, name: string, action: RowAction, 
/**
 * The refused row's field and message code.
 */
field: string | null, code: string | null, };

export type SheetCounts = { new: number, update: number, unchanged: number, refused: number, };

export type CatalogPreview = { header: Array<string>, columns: ProductColumns, 
/**
 * The first rows, and every refused row (up to 500).
 */
rows: Array<RowResult>, counts: SheetCounts, };

export type SheetProgress = { rows: number, total: number, };

export type SheetReport = { counts: SheetCounts, 
/**
 * The refused rows (up to 500), with their line and field.
 */
refused: Array<RowResult>, };

export type CustomerPreview = { header: Array<string>, columns: CustomerColumns, rows: Array<RowResult>, counts: SheetCounts, };

export type PriceChange = { 
/**
 * Only this brand (empty = any).
 */
brand: string | null, 
/**
 * Only this category (empty = any).
 */
category: string | null, 
/**
 * "10" raises by 10 %, "-5" lowers by 5 % (−90 to +500).
 */
percent: string | null, 
/**
 * "5.000" raises each price by that much, "-5.000" lowers it.
 */
amount: string | null, };

export type PriceChanged = { sku: string, name: string, before: string, after: string, };

