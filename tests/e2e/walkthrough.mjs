// End-to-end in the real Konter window: tauri-driver + WebKitWebDriver under
// Xvfb (started by scripts/e2e.sh), through webdriver.mjs; the field steps
// (visits, contracts, courier runs) are in field.mjs, branch sync through a
// real hub in sync.mjs.
// Flow: first-run setup → new customer → intake (serial "scanned" with Enter)
// → find on the board → diagnose, quote, approve → ready → pickup with cash.
import { mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { E, attr, check, click, find, passedCount, screenshot, startSession, text, type, waitFor, wd } from "./webdriver.mjs";
import { fieldSteps } from "./field.mjs";
import { serviceSteps } from "./service.mjs";
import { syncSteps } from "./sync.mjs";
import { counterSteps } from "./counter.mjs";

const APP = process.env.KONTER_BIN;
const DB = process.env.KONTER_E2E_DB;
// The emulated ESC/POS printer (emupos, started by the test command).
const PRINTER = process.env.KONTER_TEST_PRINTER;
const PRINTER_API = process.env.KONTER_TEST_PRINTER_API;

async function printerGet(path) {
  const r = await fetch(`${PRINTER_API}${path}`);
  return r.headers.get("content-type")?.includes("json") ? r.json() : r.text();
}

/** The decoded text of the receipts the printer completed after `known`, oldest first. */
async function receiptsAfter(known, count) {
  const list = await waitFor(`${count} receipt(s) printed`, async () => {
    const l = await printerGet("/devices/front/receipts");
    return l.length >= known + count ? l : null;
  });
  const fresh = list.slice(0, list.length - known).reverse();
  return Promise.all(fresh.map((r) => printerGet(`/devices/front/receipts/${r.id}/text`)));
}

/** A product through the catalog screen (which must be open). */
async function newProduct(sku, name, brand, category, price, serialised) {
  await type("#f-p-sku", sku);
  await type("#f-p-name", name);
  await type("#f-p-brand", brand);
  await type("#f-p-category", category);
  await type("#f-p-price", price);
  if (serialised) await click("#f-p-serialised");
  await click("#product-submit");
  await find(`#catalog-table tr[data-sku="${sku}"]`);
}

/** A new order for Budi with one product found by its code (scanner + Enter). */
async function newOrderFor(sku) {
  await click("#nav-orders");
  await click("#new-order");
  await type("#f-customer_id", "Budi");
  await click(".results button");
  await type("#f-product-search", `${sku}\uE007`);
  await find('[id="f-lines.0.qty"]');
}

async function main() {
  const caps = { capabilities: { alwaysMatch: { "tauri:options": { application: APP, args: ["--db", DB] } } } };
  await startSession(caps);
  try {
    // 1. First run: shop profile and owner.
    await type("#f-name", "Toko Scanner Jaya");
    await type("#f-address", "Jl. Mangga Dua Raya 8, Jakarta");
    await type("#f-phone", "021 6123 456");
    await type("#f-owner_name", "Hendra Halim");
    await type("#f-owner_username", "owner");
    await type("#f-owner_password", "pendek");
    await click("#setup-submit");
    const pwError = await waitFor("password error", () => text('[data-error-for="owner_password"]'));
    check(pwError.includes("Terlalu pendek"), "a short password is refused next to its field");
    await type("#f-owner_password", "-rahasia-123");
    await click("#setup-submit");
    await find("#today");
    check(true, "setup done, Today shown");

    // 1b. This PC's receipt printer: the emulated one on the network. A
    // wrong address is refused at its field first.
    check(PRINTER && PRINTER_API, "the test command started the emulated printer");
    await click("#nav-settings");
    await find("#printers");
    await click('#f-receipt_kind option[value="network"]');
    await find("#f-receipt_printer");
    await type("#f-receipt_printer", "printer kasir");
    await click("#printers-save");
    const printerError = await waitFor("printer error", () => text('[data-error-for="receipt_printer"]'));
    check(printerError.includes("192.168.1.50:9100"), "a bad printer address is refused next to its field");
    await wd("POST", `/element/${await find("#f-receipt_printer")}/clear`, {});
    await type("#f-receipt_printer", PRINTER);
    await click("#printers-save");
    await find("#printers-saved");
    const knownReceipts = (await printerGet("/devices/front/receipts")).length;
    await click("#print-test-page");
    const [testPage] = await receiptsAfter(knownReceipts, 1);
    check(testPage.includes("HALAMAN UJI PRINTER") && testPage.includes("[barcode CODE128 KONTER-UJI-123]"), "the test page prints as text with a native Code128");

    // 2. New customer from the intake screen.
    await click("#nav-intake");
    await type("#f-customer_id", "Budi Santoso\uE007");
    await type("#f-phone", "0812-3456-7890");
    await click("#customer-submit");
    const picked = await waitFor("customer picked", () => text("#customer-picked"));
    check(picked.includes("081234567890"), "customer created with a normalised phone");

    // 3. Intake; the serial arrives like a barcode scan (text + Enter).
    await type("#f-brand", "Epson");
    await type("#f-model", "DS-530 II");
    await type("#f-serial", "X3JF012345\uE007");
    const focused = await wd("GET", "/element/active");
    const focusedId = await wd("GET", `/element/${focused[E]}/attribute/id`);
    check(focusedId === "f-complaint", "Enter after a scanned serial moves to the complaint, not submit");
    await type("#f-complaint", "Kertas macet di ADF");
    await click('[data-accessory="adapter"]');
    await type("#f-down_payment", "100.000");
    await click("#intake-submit");
    const number = await waitFor("ticket view", () => text("#ticket-number"));
    check(/^SV-JKT1-K1-\d{4}-000001$/.test(number), `ticket number ${number}`);
    // The intake receipt comes out of the printer by itself, in two copies.
    const copies = await receiptsAfter(knownReceipts + 1, 2);
    check(copies.every((c) => c.includes("TANDA TERIMA SERVIS") && c.includes(`[barcode CODE128 ${number}]`) && c.includes("[qr ")),
      "two intake receipt copies, each with the number as Code128 and the tracking QR");
    const atIntake = await printerGet("/devices/front");
    check(atIntake.state.drawer === "open", "the cash down payment at intake opened the drawer");
    await fetch(`${PRINTER_API}/devices/front/drawer/close`, { method: "POST" });

    // 4. Find it on the board by serial.
    await click("#nav-board");
    await type("#board-search", "X3JF01");
    const onBoard = await waitFor("board row", async () => (await attr(`tr[data-number="${number}"]`, "data-number")) === number);
    check(onBoard, "found on the board by serial");
    await screenshot("e2e-board.png");
    await click(`tr[data-number="${number}"] td strong`);

    // 5. Diagnose, quote, approve, repair, ready.
    await click('[data-move="diagnosing"]');
    await waitFor("diagnosing", async () => (await attr("#ticket-view", "data-status")) === "diagnosing");
    await type('[id="f-lines.0.description"]', "Roller assembly kit");
    await type('[id="f-lines.0.unit_price"]', "250.000");
    await click("#quote-send");
    await waitFor("awaiting approval", async () => (await attr("#ticket-view", "data-status")) === "awaiting_approval");
    await click("#quote-approve");
    await waitFor("in repair", async () => (await attr("#ticket-view", "data-status")) === "in_repair");
    await click('[data-move="ready_for_pickup"]');
    await waitFor("ready", async () => (await attr("#ticket-view", "data-status")) === "ready_for_pickup");
    check((await text("#ticket-balance")).includes("177.500"), "balance = 277.500 total − 100.000 down payment");

    // 6. Pickup with cash and change.
    await type("#f-tendered", "200.000");
    await click("#pickup-submit");
    await waitFor("picked up", async () => (await attr("#ticket-view", "data-status")) === "picked_up");
    check((await text("#pickup-change")).includes("22.500"), "change shown");
    check((await text("#timeline")).includes("Invoice"), "timeline shows the invoice");
    // The cash payment: its receipt prints and the drawer opens.
    const [paid] = await receiptsAfter(knownReceipts + 3, 1);
    check(paid.includes("STRUK PEMBAYARAN") && paid.includes("Rp 277.500") && paid.includes("Tunai"), "the payment receipt prints as text");
    const device = await printerGet("/devices/front");
    check(device.state.drawer === "open", "the cash payment opened the drawer");
    await fetch(`${PRINTER_API}/devices/front/drawer/close`, { method: "POST" });
    const notice = await waitFor("print notice", () => text('.print-notice[data-outcome="printed"]'));
    check(notice.includes(PRINTER), "the counter sees where the receipt printed");
    await click(".print-log summary");
    const log = await waitFor("print log", async () => ((await text(".print-log")).includes("Struk pembayaran") ? text(".print-log") : null));
    check(log.includes("Tanda terima") && log.includes("Hendra Halim"), "the ticket's print log names each paper, the printer and who");

    // 7. A wrong cash entry: the owner voids the down payment with a reason.
    await click("[data-void]");
    await type("#f-void-reason", "Salah catat, uang muka tidak diterima");
    await click("#void-confirm");
    await waitFor("voided", async () => (await text("#ticket-balance")).includes("100.000"));
    check((await text("#payments")).includes("BATAL"), "a void payment stays listed, marked, and the balance reopens");
    await screenshot("e2e-ticket.png");

    // 8. Quick switch: set a PIN, lock the counter, a wrong PIN is refused at its field, the right one unlocks.
    await click("#nav-account");
    await type("#f-pin-password", "pendek-rahasia-123");
    await type("#f-new-pin", "2468");
    await click("#pin-save");
    await find("#account-done");
    await click("#nav-lock");
    await click("#lock-screen [data-staff]");
    await type("#f-pin", "1111");
    await click("#pin-submit");
    const pinError = await waitFor("pin error", () => text('[data-error-for="pin"]'));
    await screenshot("e2e-lock.png");
    await type("#f-pin", "2468");
    await click("#pin-submit");
    await find("#nav-audit");
    check(pinError.includes("PIN salah"), "locked counter: wrong PIN refused at the field, right PIN unlocks");

    // 9. The audit viewer shows the void as before → after.
    await click("#nav-audit");
    await wd("POST", `/element/${await find("#f-entity")}/click`, {});
    await click('#f-entity option[value="payment"]');
    await click("#audit-search");
    const audit = await waitFor("audit rows", async () => {
      const t = await text("#audit-table");
      return t.includes("void") ? t : null;
    });
    check(audit.includes("false") && audit.includes("true"), "audit viewer shows the void's before → after");
    await screenshot("e2e-audit.png");

    // 10. Catalog: a serialised scanner arrives with its serial.
    await click("#nav-catalog");
    await newProduct("CTX-SD36", "Contex SD One MF 36", "Contex", "Scanner", "85.000.000", true);
    await click('#f-receive-product option:nth-child(2)');
    await type("#f-receive-serials", "SN-0001");
    await click("#receive-submit");
    await waitFor("stock received", async () => (await text('#catalog-table tr[data-sku="CTX-SD36"]')).includes("1"));

    // 11. A web order paid by transfer: confirmation, verification, ready for pickup.
    await newOrderFor("CTX-SD");
    await click('#f-channel option[value="web"]');
    await click('#f-payment_method option[value="bank_transfer"]');
    await click("#order-submit");
    const orderNo = await waitFor("order view", () => text("#order-number"));
    await type("#f-bank", "BCA");
    await type("#f-account_name", "Budi Santoso");
    await type("#f-amount", "94.350.000");
    await click("#transfer-submit");
    await click("#verify-transfer");
    await waitFor("paid", async () => (await attr("#order-view", "data-status")) === "payment_received");
    await click("#ready-pickup");
    await waitFor("ready", async () => (await attr("#order-view", "data-status")) === "ready_for_pickup");

    // 12. O2O at the showroom: number + phone, a wrong serial refused, the right one hands over.
    await click("#nav-orders");
    await type("#f-o2o-number", orderNo);
    await type("#f-o2o-contact", "0812 3456 7890");
    await click("#o2o-submit");
    await find('[id="f-serials.0"]');
    await type('[id="f-serials.0"]', "SN-9999");
    await click("#handover-submit");
    const serialError = await waitFor("serial error", () => text('[data-error-for="serials.0"]'));
    check(serialError.includes("bukan unit"), "O2O: a serial that is not ours is refused at its field");
    await wd("POST", `/element/${await find('[id="f-serials.0"]')}/clear`, {});
    await type('[id="f-serials.0"]', "SN-0001");
    await click("#handover-submit");
    await waitFor("picked up", async () => (await attr("#order-view", "data-status")) === "picked_up");
    check((await text("#order-lines")).includes("SN-0001"), "O2O pickup: transfer verified, serial scanned, handed over");
    await click("#print-handover");
    const note = await waitFor("handover note", async () => (await text("#order-view .actions")).includes(".pdf") ? await text("#order-view .actions") : null);
    check(note.includes("serah-terima-SO-"), "the handover note is written as a PDF");

    // 13. The unit comes back defective the same day: a return at the showroom opens a repair ticket.
    await type("#f-rma-serial", "SN-0001");
    await click('#f-rma-outcome option[value="repair"]');
    await click("#rma-submit");
    const rma = await waitFor("rma done", () => text("#rma-done"));
    check(/^RMA-JKT1-K1-\d{4}-000001$/.test(rma), `return recorded as ${rma}, a repair ticket opened`);
    await screenshot("e2e-order.png");

    // 14. Cables at the counter: three ordered, changed to two before paying,
    //     paid in cash, handed over; one comes back with content that does
    //     not match the invoice and is refunded with its PPN and the return
    //     shipping the customer paid.
    await click("#nav-catalog");
    await newProduct("USB-3M", "Kabel USB 3 m", "Ugreen", "Aksesori", "150.000", false);
    await wd("POST", "/execute/sync", {
      script: "const s = document.getElementById('f-receive-product'); s.value = [...s.options].find((o) => o.text.startsWith('USB-3M')).value; s.dispatchEvent(new Event('change'));",
      args: [],
    });
    await wd("POST", `/element/${await find("#f-receive-qty")}/clear`, {});
    await type("#f-receive-qty", "5");
    await click("#receive-submit");
    await waitFor("cables received", async () => (await text('#catalog-table tr[data-sku="USB-3M"]')).includes("stok 5,"));
    await newOrderFor("USB-3M");
    await wd("POST", `/element/${await find('[id="f-lines.0.qty"]')}/clear`, {});
    await type('[id="f-lines.0.qty"]', "3");
    await click("#order-submit");
    await waitFor("cable order", async () => (await text("#order-lines")).includes("USB-3M"));
    check((await text("#order-view")).includes("499.500"), "three cables: 450.000 + PPN 11 % = 499.500");
    await click("#change-lines-start");
    await wd("POST", `/element/${await find('[id="f-chg-lines.0.qty"]')}/clear`, {});
    await type('[id="f-chg-lines.0.qty"]', "9");
    await click("#change-lines-save");
    const short = await waitFor("stock error", () => text('[data-error-for="lines.0.qty"]'));
    check(short.includes("Stok"), "changing to more cables than the shelf has is refused at the line");
    await wd("POST", `/element/${await find('[id="f-chg-lines.0.qty"]')}/clear`, {});
    await type('[id="f-chg-lines.0.qty"]', "2");
    await click("#change-lines-save");
    await waitFor("changed", async () => (await text("#order-view")).includes("333.000"));
    check(true, "changed before payment to two cables: 333.000");
    await click("#pay-submit");
    await waitFor("cables paid", async () => (await attr("#order-view", "data-status")) === "payment_received");
    await click("#handover-submit");
    await waitFor("cables handed over", async () => (await attr("#order-view", "data-status")) === "picked_up");
    await click('#f-rma-reason option[value="invoice_mismatch"]');
    await click('#f-rma-outcome option[value="refund"]');
    await click("#f-rma-seal");
    await click("#f-rma-unused");
    await type("#f-rma-shipping", "20.000");
    await click("#rma-submit");
    const rma2 = await waitFor("second rma", () => text("#rma-done"));
    check(/^RMA-JKT1-K1-\d{4}-000002$/.test(rma2), `refund return recorded as ${rma2}`);
    const pays = await waitFor("refund listed", async () => ((await text("#order-view")).includes("186.500") ? text("#order-view") : null));
    check(pays.includes("186.500"), "refunded 166.500 (cable with PPN) + 20.000 return shipping the shop bears");
    check((await text("#order-balance")).trim() === "Rp 0", "after the return nothing is owed");
    await screenshot("e2e-return-refund.png");

    // Tukar tambah: an old printer taken in against one more cable at an
    // agreed value (no programme set up); the credit settles part of the
    // order and is no discount: the PPN stays on the full price.
    await newOrderFor("USB-3M");
    await click("#order-submit");
    await waitFor("trade-in order", async () => (await text("#order-lines")).includes("USB-3M"));
    await type("#f-ti-brand", "HP");
    await type("#f-ti-model", "LaserJet P1102");
    await type("#f-ti-serial", "vnb3k00001");
    await type("#f-ti-value", "50.000");
    await click("#trade-in-submit");
    await waitFor("traded in", async () => (await text("#order-balance")).includes("116.500"));
    const traded = await text("#order-view");
    check(traded.includes("166.500") && traded.includes("Tukar tambah"), "one cable 166.500 with PPN, a 50.000 trade-in credit, 116.500 left to pay");
    await click("#pay-submit");
    await waitFor("trade-in order paid", async () => (await attr("#order-view", "data-status")) === "payment_received");
    check((await text("#order-balance")).trim() === "Rp 0", "the rest paid at the counter");

    // 15. The warranty check: the scanner sold in step 12 is found by its
    //     serial; its card is printed, its QR "scanned" (decoded from the PDF
    //     with zbarimg and typed as a scanner does) and judged; an altered
    //     card is refused.
    await click("#nav-warranty");
    await type("#f-w-query", "sn-0001\uE007");
    await waitFor("verdict", () => text("#w-outcome"));
    check((await text("#w-unit")).includes("SN-0001"), "warranty: the sold unit is found by its serial");
    await click("#w-print");
    const cardPdf = await waitFor("card printed", () => text("#w-printed"));
    check(cardPdf.endsWith("kartu-garansi-SN-0001.pdf"), "the warranty card is written as a PDF");
    const png = join(mkdtempSync(join(tmpdir(), "card-")), "card");
    execFileSync("pdftoppm", ["-png", "-r", "300", "-singlefile", cardPdf, png]);
    const qr = execFileSync("zbarimg", ["--quiet", "--raw", `${png}.png`]).toString().split("\n").find((l) => l.startsWith("KW1:"));
    check(!!qr, "the card's QR decodes to a signed payload");
    await click("#f-w-box_complete");
    await wd("POST", `/element/${await find("#f-w-query")}/clear`, {});
    await type("#f-w-query", `${qr}\uE007`);
    await waitFor("card verdict", async () => (await attr("#w-card", "data-code")) === "card_valid");
    check((await text("#w-outcome")).includes("Tukar unit baru"), "a scanned genuine card: dead on arrival with the complete box → a new unit");
    await screenshot("e2e-warranty-ok.png");
    await type("#f-claim-complaint", "Mati total setelah dua hari");
    await click("#claim-submit");
    const claimed = await waitFor("claim ticket", () => text("#ticket-claim"));
    check(claimed.includes("Klaim garansi") && claimed.includes("Tukar unit baru"), "the claim opens a warranty ticket carrying the verdict");
    const claimNo = await text("#ticket-number");
    await click("#nav-warranty");
    // One bit of one character changed, as a forger would: still a card,
    // still text, no longer what the shop signed.
    const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const flipped = b64[b64.indexOf(qr[30]) ^ 1];
    await wd("POST", `/element/${await find("#f-w-query")}/clear`, {});
    await type("#f-w-query", `${qr.slice(0, 30)}${flipped}${qr.slice(31)}\uE007`);
    await waitFor("refused", async () => (await attr("#w-card", "data-code")) !== "card_valid");
    check((await text("#w-result")).includes("Kartu ditolak"), "an altered card is refused with its reason");
    await screenshot("e2e-warranty.png");

    await counterSteps(number);
    await fieldSteps(claimNo);
    await serviceSteps();
    await syncSteps();
  } catch (e) {
    await screenshot("e2e-failure.png").catch(() => undefined);
    throw e;
  } finally {
    await wd("DELETE", "", undefined).catch(() => undefined);
  }
  console.log(`${passedCount()} passed, 0 failed`);
}

main().catch((e) => {
  console.error(e.message);
  console.log(`${passedCount()} passed, 1 failed`);
  process.exit(1);
});
