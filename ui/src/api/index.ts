// The one seam between the UI and the Rust core: nothing else imports @tauri-apps/*.
// Every call returns the command's value or throws the core's typed Error.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type * as B from "./bindings";

export type * from "./bindings";

// Called when the core says the session is gone (idle lock, signed out), so
// the app can show the lock screen whatever screen made the call.
let signedOut: (code: string) => void = () => {};
export function onSignedOut(handler: (code: string) => void): void {
  signedOut = handler;
}

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    const err = asError(e);
    if (err.kind === "unauthorized" && (err.code === "locked" || err.code === "signed_out")) signedOut(err.code);
    throw err;
  }
}

/** WooCommerce import progress events from the core. */
export function onImportProgress(handler: (p: B.ImportProgress) => void): Promise<() => void> {
  return listen<B.ImportProgress>("import-progress", (e) => handler(e.payload));
}

/** Past-sales CSV import progress events from the core. */
export function onPastSalesProgress(handler: (p: B.PastSalesProgress) => void): Promise<() => void> {
  return listen<B.PastSalesProgress>("past-sales-progress", (e) => handler(e.payload));
}

/** Spreadsheet import progress events from the core. */
export function onSheetProgress(handler: (p: B.SheetProgress) => void): Promise<() => void> {
  return listen<B.SheetProgress>("sheet-progress", (e) => handler(e.payload));
}

/** Backup progress events from the core (on demand and daily). */
export function onBackupProgress(handler: (p: B.BackupProgress) => void): Promise<() => void> {
  return listen<B.BackupProgress>("backup-progress", (e) => handler(e.payload));
}

/** Others' changes arrived from the shop's hub (their number). */
export function onSyncPulled(handler: (n: number) => void): Promise<() => void> {
  return listen<number>("sync-pulled", (e) => handler(e.payload));
}

/** Normalises whatever the IPC threw into the core's Error shape. */
export function asError(e: unknown): B.Error {
  if (e && typeof e === "object" && "kind" in e) return e as B.Error;
  return { kind: "storage", message: String(e) };
}

export const api = {
  uiReady: () => call<null>("ui_ready"),
  status: () => call<B.AppStatus>("app_status"),
  syncStatus: () => call<B.SyncStatus>("sync_status"),
  joinHub: (input: B.JoinInput) => call<B.SyncStatus>("join_hub", { input }),
  syncConflicts: () => call<B.HubConflict[]>("sync_conflicts"),
  resolveConflict: (input: B.ResolveInput) => call<string>("resolve_conflict", { input }),
  mergeCustomers: (input: B.MergeInput) => call<number>("merge_customers", { input }),
  publicFace: () => call<B.PublicFace>("public_face"),
  updatePublicFace: (input: B.PublicFace) => call<B.PublicFace>("update_public_face", { input }),
  sendMessage: (input: B.PrepareMessage) => call<B.PreparedMessage>("send_message", { input }),
  openProof: (paymentId: string) => call<string>("open_proof", { paymentId }),
  printers: () => call<B.Printers>("printers"),
  setPrinters: (input: B.Printers) => call<B.Printers>("set_printers", { input }),
  systemPrinters: () => call<string[]>("system_printers"),
  printPaper: (input: B.PrintRequest) => call<B.Printed>("print_paper", { input }),
  autoPrint: (input: B.AutoRequest) => call<B.Printed[]>("auto_print", { input }),
  openDrawer: (reason: string) => call<B.Printed>("open_drawer", { reason }),
  printLog: (id: string) => call<B.PrintJob[]>("print_log", { id }),
  drawerOpenings: () => call<B.PrintJob[]>("drawer_openings"),
  printDocument: (id: string, kind: B.DocKind) => call<B.PrintedOrShown>("print_document", { id, kind }),
  currentShift: () => call<B.Shift | null>("current_shift"),
  shifts: () => call<B.Shift[]>("shifts"),
  shift: (id: string) => call<B.Shift>("shift", { id }),
  openShift: (input: B.ShiftOpen) => call<B.Shift>("open_shift", { input }),
  cashMove: (input: B.CashMove) => call<B.Shift>("cash_move", { input }),
  closeShift: (id: string, input: B.ShiftClose) => call<B.Shift>("close_shift", { id, input }),
  shiftPdf: (id: string) => call<string>("shift_pdf", { id }),
  today: () => call<B.Today>("today"),
  search: (query: string) => call<B.SearchResults>("search_everything", { query }),
  catalogSheetPreview: (file: string, columns: B.ProductColumns | null) => call<B.CatalogPreview>("catalog_sheet_preview", { file, columns }),
  catalogSheetImport: (file: string, columns: B.ProductColumns | null) => call<B.SheetReport>("catalog_sheet_import", { file, columns }),
  catalogExport: (format: B.SheetFormat) => call<string>("catalog_export", { format }),
  customerSheetPreview: (file: string, columns: B.CustomerColumns | null) => call<B.CustomerPreview>("customer_sheet_preview", { file, columns }),
  customerSheetImport: (file: string, columns: B.CustomerColumns | null) => call<B.SheetReport>("customer_sheet_import", { file, columns }),
  customerExport: (format: B.SheetFormat) => call<string>("customer_export", { format }),
  priceChangePreview: (input: B.PriceChange) => call<B.PriceChanged[]>("price_change_preview", { input }),
  priceChangeApply: (input: B.PriceChange) => call<B.PriceChanged[]>("price_change_apply", { input }),
  report: (query: B.ReportQuery) => call<B.Report>("report", { query }),
  exportReport: (input: B.ReportExport) => call<string>("export_report", { input }),
  customerPage: (id: string) => call<B.CustomerPage>("customer_page", { id }),
  updateCustomer: (id: string, input: B.CustomerEdit) => call<B.Customer>("update_customer", { id, input }),
  followUpDone: (id: string, note: string | null) => call<void>("follow_up_done", { id, note }),
  setup: (input: B.SetupInput) => call<B.Session>("setup_shop", { input }),
  login: (username: string, password: string) => call<B.Session>("login", { username, password }),
  logout: () => call<void>("logout"),
  lock: () => call<void>("lock"),
  switchCandidates: () => call<B.SwitchCandidate[]>("switch_candidates"),
  switchWithPin: (staffId: string, pin: string) => call<B.Session>("switch_with_pin", { staffId, pin }),
  setPin: (password: string, pin: string) => call<B.Session>("set_pin", { password, pin }),
  changePassword: (current: string, next: string) => call<B.Session>("change_password", { current, new: next }),
  updateStaff: (id: string, input: B.StaffUpdate) => call<B.StaffMember>("update_staff", { id, input }),
  resetPassword: (id: string, password: string) => call<B.StaffMember>("reset_password", { id, password }),
  settings: () => call<B.CounterSettings>("counter_settings"),
  // `seen`: the settings as the form loaded them; only what differs from
  // them is saved, over what stands now.
  updateSettings: (input: B.CounterSettings, seen?: B.CounterSettings) =>
    call<B.CounterSettings>("update_settings", { input, seen: seen ?? null }),
  chooseBackupDir: () => call<string | null>("choose_backup_dir"),
  auditEntries: (query: B.AuditQuery) => call<B.AuditRow[]>("audit_entries", { query }),
  auditKinds: () => call<string[]>("audit_kinds"),
  exportAudit: (query: B.AuditQuery) => call<string | null>("export_audit", { query }),
  addPart: (id: string, input: B.PartInput) => call<B.TicketDetail>("add_part", { id, input }),
  voidPayment: (id: string, paymentId: string, reason: string) =>
    call<B.TicketDetail>("void_payment", { id, paymentId, reason }),
  shop: () => call<B.ShopProfile>("shop_profile"),
  updateShop: (profile: B.ShopProfile) => call<B.ShopProfile>("update_shop", { profile }),
  staff: () => call<B.StaffMember[]>("list_staff"),
  addStaff: (input: B.NewStaff) => call<B.StaffMember>("add_staff", { input }),
  findCustomers: (query: string) => call<B.Customer[]>("find_customers", { query }),
  createCustomer: (input: B.NewCustomer) => call<B.Customer>("create_customer", { input }),
  intake: (input: B.IntakeInput) => call<B.TicketDetail>("intake", { input }),
  ticket: (id: string) => call<B.TicketDetail>("ticket", { id }),
  changeStatus: (id: string, to: B.TicketStatus, note: string | null) =>
    call<B.TicketDetail>("change_status", { id, to, note }),
  addNote: (id: string, note: string) => call<B.TicketDetail>("add_note", { id, note }),
  unlockSecret: (id: string) => call<string | null>("unlock_secret", { id }),
  setQuote: (id: string, lines: B.LineInput[]) => call<B.TicketDetail>("set_quote", { id, lines }),
  decideQuote: (id: string, decision: B.QuoteDecision) => call<B.TicketDetail>("decide_quote", { id, decision }),
  pickup: (id: string, input: B.PickupInput) => call<B.PickupResult>("pickup_ticket", { id, input }),
  board: (query: B.BoardQuery) => call<B.TicketSummary[]>("board_tickets", { query }),
  findForPickup: (text: string) => call<B.TicketSummary[]>("find_for_pickup", { text }),
  holidays: () => call<B.Holiday[]>("holidays"),
  addHoliday: (input: B.HolidayInput) => call<B.Holiday>("add_holiday", { input }),
  removeHoliday: (date: string) => call<void>("remove_holiday", { date }),
  workingHours: () => call<B.DayHoursInput[]>("working_hours"),
  setWorkingHours: (days: B.DayHoursInput[]) => call<B.DayHoursInput[]>("set_working_hours", { days }),
  verifyAudit: () => call<B.AuditCheck>("verify_audit"),
  backupNow: () => call<B.BackupInfo | null>("backup_now"),
  restoreBackup: () => call<string | null>("restore_backup"),
  products: (query: string) => call<B.ProductSummary[]>("products", { query }),
  createProduct: (input: B.ProductInput) => call<B.ProductSummary>("create_product", { input }),
  receiveStock: (input: B.StockReceipt) => call<B.ProductSummary>("receive_stock", { input }),
  createCoupon: (input: B.CouponInput) => call<B.Coupon>("create_coupon", { input }),
  orders: (query: B.OrderQuery) => call<B.OrderSummary[]>("orders", { query }),
  order: (id: string) => call<B.OrderDetail>("order", { id }),
  createOrder: (input: B.NewOrder) => call<B.OrderDetail>("create_order", { input }),
  payOrder: (id: string, input: B.CounterPayment) => call<B.PaidResult>("pay_order", { id, input }),
  confirmTransfer: (id: string, input: B.TransferConfirmation) => call<B.OrderDetail>("confirm_transfer", { id, input }),
  decideTransfer: (id: string, paymentId: string, found: boolean, note: string | null) =>
    call<B.OrderDetail>("decide_transfer", { id, paymentId, found, note }),
  startProcessing: (id: string) => call<B.OrderDetail>("start_processing", { id }),
  readyForPickup: (id: string) => call<B.OrderDetail>("ready_for_pickup", { id }),
  shipOrder: (id: string, tracking: string, serials: B.ScannedSerial[]) => call<B.OrderDetail>("ship_order", { id, tracking, serials }),
  deliverOrder: (id: string) => call<B.OrderDetail>("deliver_order", { id }),
  cancelOrder: (id: string, reason: string, byCustomer: boolean) => call<B.OrderDetail>("cancel_order", { id, reason, byCustomer }),
  correctPrice: (id: string, input: B.PriceCorrection) => call<B.OrderDetail>("correct_price", { id, input }),
  changeOrderLines: (id: string, input: B.LineChange) => call<B.OrderDetail>("change_order_lines", { id, input }),
  findOrderForPickup: (number: string, contact: string | null) => call<B.OrderDetail>("find_order_for_pickup", { number, contact }),
  handOver: (id: string, serials: B.ScannedSerial[]) => call<B.OrderDetail>("hand_over", { id, serials }),
  voidOrderInvoice: (id: string, reason: string) => call<B.OrderDetail>("void_order_invoice", { id, reason }),
  reissueOrderInvoice: (id: string, buyerTaxId: string | null) => call<B.OrderDetail>("reissue_order_invoice", { id, buyerTaxId }),
  pullWoo: (input: B.PullInput) => call<B.ImportReport>("pull_woo", { input }),
  changeAddress: (id: string, address: string, city: string) => call<B.OrderDetail>("change_address", { id, address, city }),
  deliveryFailed: (id: string, note: string, returned: boolean) => call<B.OrderDetail>("delivery_failed", { id, note, returned }),
  reportDamage: (id: string, input: B.DamageReport) => call<B.OrderDetail>("report_damage", { id, input }),
  declinePayment: (id: string, note: string) => call<B.OrderDetail>("decline_payment", { id, note }),
  recheckStock: (id: string) => call<B.OrderDetail>("recheck_stock", { id }),
  shipPartial: (id: string, input: B.PartialShipment) => call<B.PartialResult>("ship_partial", { id, input }),
  importWoo: (store: string) => call<B.ImportReport | null>("import_woo_file", { store }),
  dayReport: (date: string | null) => call<B.DayReport>("day_report", { date }),
  createReturn: (id: string, input: B.ReturnInput) => call<B.ReturnResult>("create_return", { id, input }),
  orderReturns: (id: string) => call<B.ReturnRecord[]>("order_returns", { id }),
  openDocument: (id: string, kind: B.DocKind) => call<string>("open_document", { id, kind }),
  checkWarranty: (input: B.CheckInput) => call<B.CheckResult>("check_warranty", { input }),
  openWarrantyCard: (id: string, paper: B.CardPaper) => call<string>("open_warranty_card", { id, paper }),
  printWarrantyCard: (id: string, paper: B.CardPaper) => call<B.PrintedOrShown>("print_warranty_card", { id, paper }),
  pastSalesPick: () => call<[string, B.Preview] | null>("past_sales_pick"),
  pastSalesImport: (path: string, options: B.ImportOptions) => call<B.PastSalesReport>("past_sales_import", { path, options }),
  cardKeys: () => call<B.CardKey[]>("card_keys"),
  technicians: () => call<B.Technician[]>("technicians"),
  setTechnician: (staffId: string, input: B.TechnicianInput) => call<B.Technician>("set_technician", { staffId, input }),
  requestVisit: (input: B.VisitRequest) => call<B.Visit>("request_visit", { input }),
  bookVisit: (id: string, input: B.BookingInput) => call<B.Visit>("book_visit", { id, input }),
  cancelVisit: (id: string, reason: string) => call<B.Visit>("cancel_visit", { id, reason }),
  dispatchBoard: (from: string, days: number) => call<B.DispatchBoard>("dispatch_board", { from, days }),
  openVisitReport: (id: string) => call<string>("open_visit_report", { id }),
  visitCheckIn: (id: string) => call<B.Visit>("visit_check_in", { id }),
  visitCheckOut: (id: string, input: B.VisitReport) => call<B.Visit>("visit_check_out", { id, input }),
  visitBill: (id: string) => call<B.VisitBill>("visit_bill", { id }),
  payVisit: (id: string, input: B.VisitPaymentInput) => call<B.VisitPaid>("pay_visit", { id, input }),
  openVisitInvoice: (id: string, receipt: boolean) => call<string>("open_visit_invoice", { id, receipt }),
  voidVisitInvoice: (id: string, reason: string) => call<B.VisitBill>("void_visit_invoice", { id, reason }),
  reissueVisitInvoice: (id: string, buyerTaxId: string | null) => call<B.VisitBill>("reissue_visit_invoice", { id, buyerTaxId }),
  couriers: () => call<B.Courier[]>("couriers"),
  courierRun: (courierId: string, day: string) => call<B.Job[]>("courier_run", { courierId, day }),
  createCourierJob: (input: B.NewJob) => call<B.Job>("create_courier_job", { input }),
  handOverDevice: (ticketId: string, input: B.Handover) => call<B.CustodyEntry[]>("hand_over_device", { ticketId, input }),
  custodyChain: (ticketId: string) => call<B.CustodyEntry[]>("custody_chain", { ticketId }),
  openRouteSheet: (courierId: string, day: string) => call<string>("open_route_sheet", { courierId, day }),
  moveStop: (jobId: string, up: boolean) => call<B.Job[]>("move_stop", { jobId, up }),
  runCash: (courierId: string, day: string) => call<B.RunCash>("run_cash", { courierId, day }),
  recordCourierCash: (jobId: string, amount: string) => call<B.RunCash>("record_courier_cash", { jobId, amount }),
  reconcileCourierRun: (courierId: string, day: string, input: B.RunClose) => call<B.RunCash>("reconcile_courier_run", { courierId, day, input }),
  contracts: () => call<B.ContractReport[]>("contracts"),
  createContract: (input: B.NewContract) => call<B.ContractReport>("create_contract", { input }),
  tradeInProgrammes: () => call<B.ProgrammeRow[]>("trade_in_programmes"),
  saveTradeInProgramme: (id: string | null, input: B.Programme) => call<B.ProgrammeRow[]>("save_trade_in_programme", { id, input }),
  takeTradeIn: (id: string, input: B.TradeInInput) => call<B.OrderDetail>("take_trade_in", { id, input }),
  serviceOrders: () => call<B.ServiceOrderRow[]>("service_orders"),
  serviceOrder: (id: string) => call<B.ServiceOrder>("service_order", { id }),
  createServiceOrder: (input: B.NewServiceOrder) => call<B.ServiceOrder>("create_service_order", { input }),
  reviseServiceOrder: (id: string, input: B.RevisionInput) => call<B.ServiceOrder>("revise_service_order", { id, input }),
  acceptServiceOrder: (id: string, input: B.AcceptanceInput) => call<B.ServiceOrder>("accept_service_order", { id, input }),
  cancelServiceOrder: (id: string, reason: string) => call<B.ServiceOrder>("cancel_service_order", { id, reason }),
  startServiceOrder: (id: string) => call<B.ServiceOrder>("start_service_order", { id }),
  recordServiceProgress: (id: string, input: B.ProgressInput) => call<B.ServiceOrder>("record_service_progress", { id, input }),
  requestServiceVisit: (id: string, input: B.OrderVisitInput) => call<B.ServiceOrder>("request_service_visit", { id, input }),
  payServiceOrder: (id: string, input: B.ServicePaymentInput) => call<B.ServicePaid>("pay_service_order", { id, input }),
  voidServiceInvoice: (id: string, invoiceId: string, reason: string) => call<B.ServiceOrder>("void_service_invoice", { id, invoiceId, reason }),
  reissueServiceInvoice: (id: string, invoiceId: string, buyerTaxId: string | null) => call<B.ServiceOrder>("reissue_service_invoice", { id, invoiceId, buyerTaxId }),
  handOverServiceOrder: (id: string, input: B.HandoverInput) => call<B.ServiceOrder>("hand_over_service_order", { id, input }),
  addAttachment: (subject: B.AttachmentSubject, subjectId: string, file: B.AttachmentInput) =>
    call<B.AttachmentInfo[]>("add_attachment", { subject, subjectId, file }),
  openAttachment: (id: string) => call<string>("open_attachment", { id }),
  openServicePaper: (id: string, paper: "confirmation" | "handover" | "invoice", invoiceId: string | null, receipt: boolean) =>
    call<string>("open_service_paper", { id, paper, invoiceId, receipt }),
  changeContract: (id: string, input: B.ContractChange) => call<B.ContractReport>("change_contract", { id, input }),
  renewContract: (id: string, endsOn: string) => call<B.ContractReport>("renew_contract", { id, endsOn }),
  cancelContract: (id: string, reason: string) => call<B.ContractReport>("cancel_contract", { id, reason }),
  consultations: () => call<B.ConsultationEntry[]>("consultations"),
  addConsultation: (input: B.Consultation) => call<B.ConsultationEntry[]>("add_consultation", { input }),
  orderWarranties: (id: string) => call<B.WarrantyUnit[]>("order_warranties", { id }),
  warrantyRules: () => call<[string, B.WarrantyRules][]>("warranty_rules"),
  setWarrantyRules: (scope: string, rules: B.WarrantyRules | null) => call<void>("set_warranty_rules", { scope, rules }),
  fileWarrantyClaim: (input: B.ClaimRequest) => call<B.TicketDetail>("file_warranty_claim", { input }),
  principalRmas: (id: string) => call<B.PrincipalRma[]>("principal_rmas", { id }),
  sendToPrincipal: (input: B.PrincipalSend) => call<B.PrincipalRma>("send_to_principal", { input }),
  principalReturned: (id: string, input: B.PrincipalReturn) => call<B.PrincipalRma>("principal_returned", { id, input }),
  cardKeyExport: () => call<string>("card_key_export"),
  cardKeyImport: (text: string) => call<B.CardKey>("card_key_import", { text }),
  saveDocument: (id: string, kind: B.DocKind) => call<string | null>("save_document", { id, kind }),
};
