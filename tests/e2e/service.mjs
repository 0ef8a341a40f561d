// End-to-end, a service order (issue 17): an installation written from the
// requirements, its confirmation printed, approved by WhatsApp, the down
// payment taken before the work starts, progress told, the work handed
// over with the customer's signature drawn on the pad and accepted, the
// BAST printed. Continues the walkthrough's shop (step 20).
import { execFileSync } from "node:child_process";
import { E, check, click, find, screenshot, text, type, waitFor, wd } from "./webdriver.mjs";

const setValue = (id, value) =>
  wd("POST", "/execute/sync", {
    script: "const i = document.getElementById(arguments[0]); i.value = arguments[1]; i.dispatchEvent(new Event('input', { bubbles: true }));",
    args: [id, value],
  });

async function sign(form) {
  const canvas = await find(`#${form} canvas`);
  const stroke = [[-120, 8], [-60, -18], [0, 12], [60, -20], [120, 4]];
  await wd("POST", "/actions", { actions: [{ type: "pointer", id: "pen", parameters: { pointerType: "mouse" }, actions: [
    { type: "pointerMove", origin: { [E]: canvas }, x: stroke[0][0], y: stroke[0][1] },
    { type: "pointerDown", button: 0 },
    ...stroke.slice(1).map(([x, y]) => ({ type: "pointerMove", origin: { [E]: canvas }, x, y, duration: 50 })),
    { type: "pointerUp", button: 0 },
  ] }] });
  await wd("DELETE", "/actions", undefined).catch(() => undefined);
}

export async function serviceSteps() {
  // 20. A CCTV installation: a price typed as words is refused at its
  //     field; the order made from the requirements, its confirmation
  //     printed (read back), approved by a WhatsApp reply.
  await click("#nav-service_orders");
  await click("#so-new");
  await type("#f-customer_id", "Budi");
  await click(".results button");
  await click('#f-so-channel option[value="whatsapp"]');
  await type("#f-so-title", "Instalasi CCTV toko");
  await type("#f-so-req", "4 kamera, rekaman 14 hari, lihat dari ponsel");
  // A list is one item per line (set whole: WebDriver's keys carry no newline).
  await setValue("f-so-checklist", "4 kamera indoor\nNVR 1 TB");
  await setValue("f-so-criteria", "Semua kamera merekam\nTampil di ponsel");
  await type("#f-so-site", "Jl. Gatot Subroto 12, Jakarta");
  await type("#f-so-line-0-desc", "Paket 4 kamera dan NVR");
  await type("#f-so-line-0-price", "sejuta");
  await type("#f-so-ms-0-title", "Pemasangan");
  await type("#f-so-ms-0-deliv", "Kamera merekam");
  const planned = new Date();
  planned.setDate(planned.getDate() + 3);
  await setValue("f-so-ms-0-date", planned.toLocaleDateString("sv-SE"));
  await type("#f-so-support-scope", "Gangguan kamera dan aplikasi");
  await click("#so-create");
  const bad = await waitFor("price refused", () => text('[data-error-for="lines.0.unit_price"]'));
  check(bad.length > 0, "a price written in words is refused at its field, nothing sent");
  await wd("POST", `/element/${await find("#f-so-line-0-price")}/clear`, {});
  await type("#f-so-line-0-price", "6.000.000");
  await click("#so-create");
  await waitFor("order created", async () => ((await text("#so-status")) === "Menunggu persetujuan" ? true : null));
  check((await text("#so-total")).includes("6.660.000"), "6.000.000 with PPN 11 % on top");
  await click("#so-print-confirmation");
  const confirmation = await waitFor("confirmation printed", () => text("#so-printed"));
  const paper = execFileSync("pdftotext", [confirmation, "-"]).toString();
  check(paper.includes("SURAT KONFIRMASI PESANAN") && paper.includes("Uang muka 30% sebelum pekerjaan dimulai: Rp 1.998.000"), "the confirmation prints the scope and the payment terms");
  const tracking = await text("#so-tracking");
  check(/^[A-Z0-9-]{6,20}$/.test(tracking) && paper.includes(tracking), `the order's tracking code ${tracking} is shown and printed on the confirmation`);
  await click('#f-so-how option[value="whatsapp"]');
  await type("#f-so-signer", "Budi");
  await type("#f-so-reference", "WA dari Budi, disetujui");
  await click("#so-accept-save");
  await waitFor("approved", async () => ((await text("#so-status")) === "Disetujui" ? true : null));

  // The work waits for the down payment; paid in cash, it starts.
  check((await text("#so-deposit-owed")).includes("Rp 1.998.000"), "the down payment owed is shown beside the start");
  await click("#so-start");
  check((await waitFor("start refused", () => text("#so-error"))).includes("Uang muka"), "no start before the down payment");
  await click("#so-pay-deposit");
  await type("#f-so-tendered", "2.000.000");
  await click("#so-pay-save");
  check((await waitFor("change", () => text("#so-change"))).includes("2.000"), "paid in cash with change");
  await click("#so-start");
  await waitFor("started", async () => ((await text("#so-status")) === "Dikerjakan" ? true : null));

  // Progress told; the work handed over, signed and accepted.
  await wd("POST", `/element/${await find("#f-so-p-progress")}/clear`, {});
  await type("#f-so-p-progress", "100");
  await type("#f-so-p-note", "Kamera terpasang dan merekam");
  await click("#so-progress-save");
  await waitFor("progress", async () => ((await text('[data-milestone="1"]')).includes("100%") ? true : null));
  await type("#f-so-delivered", "4 kamera, NVR, aplikasi ponsel");
  await click("#f-so-met-0");
  await click("#f-so-met-1");
  await type("#f-so-h-signer", "Budi");
  await sign("so-handover");
  await click("#so-handover-save");
  await waitFor("accepted", async () => ((await text("#so-status")) === "Diterima pelanggan" ? true : null));
  check((await text("#so-support-left")).includes("90 hari lagi"), "acceptance starts the 90-day support period");
  await click("#so-print-handover");
  const bast = await waitFor("BAST printed", async () => {
    const p = await text("#so-printed");
    return p && p.includes("bast-") ? p : null;
  });
  const bastText = execFileSync("pdftotext", [bast, "-"]).toString();
  check(bastText.includes("BERITA ACARA SERAH TERIMA PEKERJAAN") && bastText.includes("PEKERJAAN DITERIMA"), "the BAST prints the accepted handover");
  check(execFileSync("pdfimages", ["-list", bast]).toString().split("\n").length > 3, "the BAST carries the drawn signature");
  await screenshot("e2e-service-order.png");
}
