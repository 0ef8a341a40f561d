// End-to-end, the field: an on-site visit booked, carried out (signature
// drawn with a real pointer, invoice paid), a maintenance contract and a
// consultation, and a courier run with scanned handovers. Continues the
// walkthrough's shop (steps 16-19).
import { execFileSync } from "node:child_process";
import { E, attr, check, click, find, screenshot, sleep, text, type, waitFor, wd } from "./webdriver.mjs";

/** `claimNo`: the warranty claim ticket opened in step 15. */
export async function fieldSteps(claimNo) {
  // 16. An on-site visit: a technician set up, a request recorded with its
  //     SLA, an evening booking refused without the surcharge, a working-
  //     hours booking dragged onto the dispatch board, moved by keys.
  await click("#nav-visits");
  await type("#f-t-skills", "scanner, plotter");
  await click("#tech-save");
  await find("#visit-board [data-technician]");
  await type("#f-customer_id", "Budi");
  await click(".results button");
  await type("#f-v-address", "Jl. Gatot Subroto 12, Jakarta");
  await type("#f-v-contact", "Pak Andi");
  await type("#f-v-phone", "0812 9999 0000");
  await type("#f-v-problem", "Scanner A0 tidak menarik kertas");
  await type("#f-v-skills", "scanner");
  await type("#f-v-quote", "250.000");
  await type("#f-v-units", "sn-0001");
  await click("#visit-submit");
  const visitNo = await waitFor("visit requested", () => text("#visit-done"));
  check(/^VS-JKT1-K1-\d{4}-000001$/.test(visitNo), `visit requested as ${visitNo}`);
  await click(`#visits-open button[data-number="${visitNo}"]`);
  check((await text(".visit-units")).includes("SN-0001: Perbaikan gratis"), "the unit on site carries its warranty verdict from the registry");
  const day = new Date();
  do day.setDate(day.getDate() + 1); while (day.getDay() === 0 || day.getDay() === 6);
  const ymd = day.toLocaleDateString("sv-SE");
  const setStart = (hm) => wd("POST", "/execute/sync", {
    script: "const i = document.getElementById('f-b-start'); i.value = arguments[0]; i.dispatchEvent(new Event('input', { bubbles: true }));",
    args: [`${ymd}T${hm}`],
  });
  await setStart("20:00");
  await click("#book-submit");
  const late = await waitFor("after-hours refusal", () => text('[data-error-for="starts_at"]'));
  check(late.includes("jam kerja"), "an evening visit without the surcharge is refused at its field");
  // The request is dragged from the list beside the dispatch board onto
  //   the technician's row at 10.00 of that day (a real pointer drag), and
  //   confirmed; then moved half an hour later by keys, with a reason.
  while (!(await text("#week-of")).includes(ymd)) await click("#week-next");
  const lane = await find('#visit-board [data-technician] [data-lane="0"]');
  const [width, from, to] = await wd("POST", "/execute/sync", {
    script: "const l = arguments[0]; const g = l.closest('.dispatch-grid'); return [l.getBoundingClientRect().width, Number(g.dataset.hourFrom), Number(g.dataset.hourTo)];",
    args: [{ [E]: lane }],
  });
  const x = Math.round((width * (10 - from)) / (to - from) - width / 2 + 2);
  const request = await find(`#visits-open button[data-number="${visitNo}"]`);
  await wd("POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [
    { type: "pointerMove", origin: { [E]: request }, x: 0, y: 0 },
    { type: "pointerDown", button: 0 },
    { type: "pointerMove", origin: { [E]: request }, x: 30, y: 10, duration: 50 },
    { type: "pointerMove", origin: { [E]: lane }, x: x - 40, y: 0, duration: 100 },
    { type: "pointerMove", origin: { [E]: lane }, x, y: 0, duration: 100 },
    { type: "pointerUp", button: 0 },
  ] }] });
  await wd("DELETE", "/actions", undefined).catch(() => undefined);
  const asked = await waitFor("the drop asks to confirm", () => text("#dispatch-drop h4"));
  check(asked.includes(`pukul 10.00`) && asked.includes(ymd), `dropped on the technician at 10.00: ${asked}`);
  await click("#dispatch-confirm");
  const block = `#visit-board .block[data-number="${visitNo}"]`;
  const placed = await waitFor("the block on the board", () => attr(block, "data-from").catch(() => null));
  check(placed === "600" && (await text(block)).includes("10.00"), "the dragged request is booked at 10.00 shop time and shows as a block");
  await wd("POST", "/execute/sync", { script: "document.querySelector(arguments[0]).focus();", args: [block] });
  const key = (k) => [{ type: "keyDown", value: k }, { type: "keyUp", value: k }];
  await wd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions: [...key(" "), ...key("\uE014"), ...key("\uE014"), ...key("\uE007")] }] });
  await wd("DELETE", "/actions", undefined).catch(() => undefined);
  const move = await waitFor("the keyed move asks why", () => text("#dispatch-drop h4"));
  check(move.includes("pukul 10.30"), `moved half an hour by the arrow keys: ${move}`);
  await click("#dispatch-confirm");
  check((await waitFor("reason asked", () => text('#dispatch-drop [data-error-for="reason"]'))).length > 0, "a move without a reason is refused at the reason");
  await type("#f-d-reason", "Pelanggan minta lebih siang");
  await click("#dispatch-confirm");
  await waitFor("moved on the board", async () => (await attr(block, "data-from").catch(() => null)) === "630");
  check((await text(block)).includes("10.30"), "the visit moved to 10.30 on the board");
  await screenshot("e2e-visits.png");

  // 17. On site: the technician checks in, the customer signs on the pad
  //     (a real pointer stroke), check-out invoices the visit's price and
  //     labour with PPN; the counter takes cash with change; the report
  //     PDF carries the signature image.
  await click(`#visit-board button[data-number="${visitNo}"]`);
  await click("#visit-check-in");
  await type("#f-w-work", "Roller dibersihkan, kalibrasi ulang");
  await type("#f-w-signer", "Pak Andi");
  const pad = await find("#signature-pad canvas, canvas#signature-pad");
  const stroke = [[-150, 10], [-80, -20], [0, 15], [80, -25], [150, 5]];
  await wd("POST", "/actions", { actions: [{ type: "pointer", id: "pen", parameters: { pointerType: "mouse" }, actions: [
    { type: "pointerMove", origin: { [E]: pad }, x: stroke[0][0], y: stroke[0][1] },
    { type: "pointerDown", button: 0 },
    ...stroke.slice(1).map(([x, y]) => ({ type: "pointerMove", origin: { [E]: pad }, x, y, duration: 50 })),
    { type: "pointerUp", button: 0 },
  ] }] });
  await wd("DELETE", "/actions", undefined).catch(() => undefined);
  check((await text(".signature")).includes("Tanda tangan tersimpan"), "the customer signs on the pad with the pointer");
  await click("#visit-check-out");
  const total = await waitFor("the visit's invoice", () => text("#visit-total"));
  check(total.includes("444.000"), `the visit is invoiced: 250.000 visit + 150.000 labour + PPN 11% = ${total}`);
  await type("#f-visit-tendered", "500.000");
  await click("#visit-pay-submit");
  const change = await waitFor("change", () => text("#visit-change"));
  check(change.includes("56.000"), `paid in cash, change ${change}`);
  // This PC has a receipt printer (set in the walkthrough): the visit's
  // receipt printed by itself, and the button prints it again there.
  await waitFor("visit receipt printed", () => text('#visit-bill .print-notice[data-outcome="printed"]'));
  await click("#visit-receipt-print");
  await click("#visit-bill .print-log summary");
  const visitLog = await waitFor("visit print log", async () => {
    const l = await text("#visit-bill .print-log");
    return (l.match(/Struk kunjungan/g) ?? []).length >= 2 ? l : null;
  });
  check(visitLog.includes("tercetak"), "the visit's receipt printed twice on the receipt printer, both in its log");
  await click("#visit-report-print");
  const reportPdf = await waitFor("report printed", () => text("#visit-report-print + span"));
  const images = execFileSync("pdfimages", ["-list", reportPdf]).toString();
  check(images.split("\n").length > 3, "the visit report PDF carries the drawn signature as an image");
  check(execFileSync("pdftotext", [reportPdf, "-"]).toString().includes("Tanda tangan di lokasi: Pak Andi"), "the report names who signed on site");
  await screenshot("e2e-visit-done.png");

  // 18. A maintenance contract for the scanner (quarterly for a year, an
  //     8-hour response, from the next working day) plans its visits and shows in the report; a free
  //     consultation joins the log; the runs screen opens for the counter.
  await click("#nav-contracts");
  await type("#f-customer_id", "Budi");
  await click(".results button");
  await type("#f-k-units", "SN-0001");
  await type("#f-k-address", "Jl. Gatot Subroto 12, Jakarta");
  await wd("POST", `/element/${await find("#f-k-sla")}/clear`, {});
  await type("#f-k-sla", "8");
  // It starts on the next working day, so its first visit is not already
  // late when the run happens after today's closing time.
  await wd("POST", "/execute/sync", {
    script: "const i = document.getElementById('f-k-start'); i.value = arguments[0]; i.dispatchEvent(new Event('input', { bubbles: true }));",
    args: [ymd],
  });
  await click("#contract-submit");
  await waitFor("contract in the report", () => find("#contract-report tr[data-contract]", 500));
  const rowCells = async () => {
    const row = await find("#contract-report tr[data-contract]", 500);
    const out = [];
    for (const td of await wd("POST", `/element/${row}/elements`, { using: "css selector", value: "td" })) {
      out.push(await wd("GET", `/element/${td[E]}/text`));
    }
    return out;
  };
  const cells = await rowCells();
  check(/^KT-JKT1-K1-\d{4}-000001$/.test(cells[0]) && cells[3] === "Per 3 bulan" && cells.slice(4, 11).join(" ") === "8 1 3 0 0 1 0",
    `the contract makes its first quarterly visit now, three to come, with an 8-hour response: ${cells.join(" | ")}`);
  // Changed to monthly from today: the quarterly visit still to come is
  // cancelled, the monthly ones within 60 days are made, the rest follow as
  // time goes on; then renewed for another year.
  await click(`#contract-manage-${cells[0]}`);
  await wd("POST", "/execute/sync", {
    script: "const s = document.getElementById('f-kc-frequency'); s.value = 'monthly'; s.dispatchEvent(new Event('change', { bubbles: true }));",
    args: [],
  });
  await type("#f-kc-reason", "Perawatan bulanan");
  await click("#contract-change");
  const monthly = await waitFor("contract changed", async () => {
    const c = await rowCells();
    return c[3] === "Bulanan" ? c : null;
  });
  const [made, toCome] = [Number(monthly[5]), Number(monthly[6])];
  check(made >= 2 && made + toCome === 12 && monthly[7] === "0",
    `the monthly plan makes the visits within 60 days and keeps the rest to come: ${monthly.join(" | ")}`);
  await click("#contract-renew");
  const renewed = await waitFor("contract renewed", async () => {
    const c = await rowCells();
    return Number(c[5]) + Number(c[6]) === 24 ? c : null;
  });
  check(renewed !== null && renewed[5] === monthly[5], `renewed for a year: twelve more monthly visits to come, none made early: ${renewed?.join(" | ")}`);
  await type("#f-c-problem", "Hasil scan bergaris");
  await type("#f-c-advice", "Bersihkan kaca scanner");
  await click("#consult-submit");
  const logged = await waitFor("consultation logged", async () => (await text("#consult-log")).includes("Hasil scan bergaris → Bersihkan kaca scanner"));
  check(logged, "a free consultation is logged with its advice");
  await sleep(300);
  await screenshot("e2e-contracts.png");

  // 19. Layanan antar: a courier joins the staff; the claim ticket's unit
  //     is handed from the customer to the counter (ticket barcode
  //     scanned), a delivery job is made for tomorrow; on the runs screen
  //     the counter hands it to the courier, a wrong scan refused first.
  await click("#nav-settings");
  await type("#f-staff-name", "Adi Kurir");
  await type("#f-staff-username", "adi");
  await type("#f-staff-password", "rahasia-kurir-1");
  await click('#f-staff-role option[value="courier"]');
  await click("#staff-form button[type=submit]");
  await waitFor("courier added", async () => (await text("#staff-panel")).includes("Adi Kurir"));
  await click("#nav-board");
  await wd("POST", `/element/${await find("#board-search")}/clear`, {});
  await type("#board-search", claimNo);
  await click(`tr[data-number="${claimNo}"] td strong`);
  await type("#f-h-condition-counter", "Unit lengkap dengan dus");
  await type("#f-h-scan-counter", `${claimNo}\uE007`);
  await waitFor("handed to the counter", async () => (await text("#custody-holder")).includes("Konter"));
  check((await text("#custody-chain")).includes("Pelanggan → Konter"), "the customer hands the unit to the counter, its ticket barcode scanned");
  await click('#f-job-kind option[value="delivery"]');
  await type("#f-job-address", "Jl. Gatot Subroto 12");
  await type("#f-job-city", "Jakarta Selatan");
  await click("#courier-job-submit");
  const job = await waitFor("courier job", () => text("#courier-job-created"));
  check(/JOB-JKT1-K1-\d{4}-000001/.test(job) && job.includes("Rp 0"), `a delivery job in the free region: ${job}`);
  await click("#nav-runs");
  await wd("POST", "/execute/sync", {
    script: "const i = document.getElementById('f-run-day'); const d = new Date(i.value + 'T12:00:00Z'); d.setUTCDate(d.getUTCDate() + 1); i.value = d.toISOString().slice(0, 10); i.dispatchEvent(new Event('input', { bubbles: true }));",
    args: [],
  });
  const card = await waitFor("job on the run", () => find("article[data-job]", 500));
  const jobNo = await wd("GET", `/element/${card}/attribute/data-job`);
  await type(`[id="f-h-condition-${jobNo}"]`, "Dus tersegel");
  await type(`[id="f-h-scan-${jobNo}"]`, "SV-SALAH\uE007");
  const wrong = await waitFor("wrong scan", () => text('[data-error-for="scanned"]'));
  check(wrong.includes("Bukan kode tiket ini"), "a wrong barcode is refused at the scan field");
  await wd("POST", `/element/${await find(`[id="f-h-scan-${jobNo}"]`)}/clear`, {});
  await type(`[id="f-h-scan-${jobNo}"]`, `${claimNo}\uE007`);
  const chain = await waitFor("handover on the run", () => text(`article[data-job="${jobNo}"] .chain`));
  check(chain.includes("Konter → Kurir"), "the counter hands the unit to the courier on the run");
  await screenshot("e2e-runs.png");
}
