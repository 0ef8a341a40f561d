// End-to-end, the counter's day at a glance (issue 16): Today as the home
// screen, the one search (Ctrl+K) finding the repair by its serial, the
// customer's page, the cash drawer's shift closed with a difference, and a
// report's chart exported as PDF. Continues the walkthrough's shop.
import { execFileSync } from "node:child_process";
import { check, click, find, screenshot, text, type, waitFor, wd } from "./webdriver.mjs";

/** `number`: the repair taken in at step 3 (serial X3JF012345). */
export async function counterSteps(number) {
  // 15b. Today: the owner sees today's money and what waits.
  await click("#nav-today");
  await find("#today-ready");
  const money = await text("#today-money-today");
  check(money.startsWith("Rp ") && money !== "Rp 0", `Today shows today's money: ${money}`);
  check((await text("#today-shift")).includes("Laci kasir belum dibuka"), "Today says the drawer is not open yet");
  await screenshot("e2e-today.png");

  // 15c. Ctrl+K from any screen, the serial typed as a scanner does.
  const keys = [{ type: "keyDown", value: "\uE009" }, { type: "keyDown", value: "k" }, { type: "keyUp", value: "k" }, { type: "keyUp", value: "\uE009" }];
  await wd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: keys }] });
  const focused = await wd("POST", "/execute/sync", { script: "return document.activeElement && document.activeElement.id", args: [] });
  check(focused === "search", "Ctrl+K puts the cursor in the search");
  await type("#search", "X3JF012345\uE007");
  const opened = await waitFor("ticket opened", async () => (await text("#ticket-number")) === number);
  check(opened, `a scanned serial + Enter opens its repair ${number}`);
  await click("#ticket-customer");
  const name = await waitFor("customer page", () => text("#customer-name"));
  check(name.includes("Budi Santoso"), "the customer's name opens their page");
  check((await text("#customer-tickets")).includes(number), "the page lists the customer's repairs");
  check((await text("#customer-units")).includes("SN-0001"), "and the units they own with their warranty");
  await screenshot("e2e-customer.png");

  // 15d. The drawer's shift: a float, a pay-out for lunch, a close counted
  //      short; the difference needs its note and is shown.
  await click("#nav-shift");
  await type("#f-shift-float", "500.000");
  await click("#shift-open-submit");
  await waitFor("shift open", async () => (await text("#shift-expected")) === "Rp 500.000");
  await type("#f-move-amount", "25.000");
  await type("#f-move-note", "Makan siang");
  await click("#cash-move-submit");
  await waitFor("pay-out", async () => (await text("#shift-expected")) === "Rp 475.000");
  await type("#f-shift-counted", "470.000");
  await click("#shift-close-submit");
  const noteError = await waitFor("note needed", () => text('[data-error-for="note"]'));
  check(noteError.includes("Wajib"), "a short count without a note is refused beside the note");
  await type("#f-shift-note", "Kembalian salah");
  await click("#shift-close-submit");
  const diff = await waitFor("closed", () => text("#shift-difference"));
  check(diff === "-Rp 5.000", `the shift closes Rp 5.000 short: ${diff}`);
  await screenshot("e2e-shift.png");

  // 15e. A report with its chart, exported as a printable PDF.
  await click("#nav-reports");
  await click("#report-money_in");
  await find("#report-chart canvas");
  await waitFor("chart drawn", async () => {
    const w = await wd("POST", "/execute/sync", { script: "const c = document.querySelector('#report-chart canvas'); return c ? c.width : 0;", args: [] });
    return w > 0;
  });
  await screenshot("e2e-report.png");
  await click("#report-pdf");
  const pdf = await waitFor("pdf", () => text("#report-exported"));
  const path = pdf.replace(/^.*?: /, "");
  check(path.endsWith(".pdf"), `the report is written as ${path}`);
  const read = execFileSync("pdftotext", [path, "-"]).toString();
  check(read.includes("Uang masuk") && read.includes("Tunai"), "the PDF has the report's title and its columns");
  const images = execFileSync("pdfimages", ["-list", path]).toString();
  check(images.split("\n").length > 3, "and the chart as drawn on screen");
}
