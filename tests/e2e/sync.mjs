// Branch sync in the real window: a real konter-hub on PostgreSQL (started
// here; scripts/e2e.sh gives it a database), the app promoted to the hub's
// first device from Settings, a second counter (konter-peer, a real device
// database on the core) whose ticket appears on the app's board, then the
// hub stopped: the app keeps taking in and shows the change waiting; the hub
// back: the change goes up and reaches the other counter; one customer
// taken in at both counters apart is listed at the hub and merged here.
import { execFileSync, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { join } from "node:path";
import { attr, check, click, find, screenshot, sleep, text, type, waitFor, wd } from "./webdriver.mjs";
import { phoneBrowser } from "./customer.mjs";

const HUB = process.env.KONTER_HUB_BIN;
const PEER = process.env.KONTER_PEER_BIN;
const WORK = process.env.KONTER_E2E_WORK;

const run = (bin, args) => execFileSync(bin, args, { env: process.env }).toString().trim();
const count = async (css) => (await wd("POST", "/elements", { using: "css selector", value: css })).length;

async function startHub(listen) {
  // Its log goes beside the work files; scripts/e2e.sh shows it on a failure.
  const log = openSync(join(WORK, "hub.log"), "a");
  const child = spawn(HUB, ["serve", "--listen", listen], { env: process.env, stdio: ["ignore", log, log] });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://${listen}/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error("konter-hub did not start");
}

async function stopHub(child) {
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGINT");
  await gone;
}

const synced = async () => (await text("#sync-state")) === "Tersinkron" && (await count("#sync-waiting")) === 0;
// What the badge says, and why (its title carries the last sync error).
const badge = async () => `${await text("#sync-badge")} [${await attr("#sync-badge", "title")}]`;

export async function syncSteps() {
  const listen = `127.0.0.1:${8700 + Math.floor(Math.random() * 200)}`;
  const url = `http://${listen}`;
  const shop = run(HUB, ["create-shop", "Toko Scanner Jaya"]);
  const codeApp = run(HUB, ["enrol-code", shop, "JKT1", "K1"]);
  const codePeer = run(HUB, ["enrol-code", shop, "JKT1", "K2"]);
  let hub = await startHub(listen);
  try {
    // 19. The owner makes this shop the hub's first device, from Settings; a
    //     wrong code is refused at its field first.
    await click("#nav-settings");
    await type("#f-hub-url", url);
    await type("#f-hub-code", "AAAA-BBBB-CCCC");
    await type("#f-hub-device", "Kasir 1");
    await click("#hub-join");
    const refused = await waitFor("code refused", () => text('[data-error-for="code"]'));
    check(refused.includes("tidak dikenal"), "an unknown enrolment code is refused next to its field");
    await wd("POST", `/element/${await find("#f-hub-code")}/clear`, {});
    await type("#f-hub-code", codeApp);
    await click("#hub-join");
    await find("#hub-joined");
    const up0 = Date.now();
    await waitFor("shop uploaded", synced, 60000, badge);
    check(true, `the whole shop is uploaded to the hub: synced, nothing waiting (${Date.now() - up0} ms)`);

    // 20. Another counter joins, receives the shop and takes in a ticket; it
    //     shows on this board.
    const peerDb = join(WORK, "peer.db");
    run(PEER, [peerDb, "join", url, codePeer, "Kasir 2"]);
    const theirs = run(PEER, [peerDb, "intake", "Rina Wati", "0815-2222-3333"]).split("\n")[0];
    check(/^SV-JKT1-K2-\d{4}-000001$/.test(theirs), `counter 2 numbers its own ticket: ${theirs}`);
    await click("#nav-board");
    const t0 = Date.now();
    await waitFor("their ticket on the board", async () => (await count(`tr[data-number="${theirs}"]`)) === 1, 15000);
    check(true, `the ticket taken in at counter 2 shows on this board (${Date.now() - t0} ms)`);
    await screenshot("e2e-sync-board.png");

    // 21. The hub goes away: this counter keeps taking in, offline, with the
    //     change waiting.
    await stopHub(hub);
    hub = null;
    await click("#nav-intake");
    await type("#f-customer_id", "Budi");
    await click(".results button");
    await find("#customer-picked");
    await type("#f-brand", "Brother");
    await type("#f-model", "ADS-2200");
    await type("#f-complaint", "Tidak terdeteksi di komputer");
    await click("#intake-submit");
    const ours = await waitFor("ticket view", () => text("#ticket-number"));
    await waitFor("offline", async () => (await text("#sync-state")) === "Offline", 15000);
    const waiting = await text("#sync-waiting");
    // The intake and its receipt's print log (this PC prints it by itself).
    check(waiting === "2 perubahan menunggu", `offline, the intake ${ours} and its print log wait: ${waiting}`);
    await screenshot("e2e-sync-offline.png");

    // 22. The hub is back: the change goes up and reaches the other counter.
    hub = await startHub(listen);
    await waitFor("synced again", synced, 20000, badge);
    run(PEER, [peerDb, "sync"]);
    check(run(PEER, [peerDb, "tickets"]).split("\n").includes(ours), `the intake made offline reaches counter 2: ${ours}`);

    // 23. One person taken in at both counters while apart (counter 2 has not
    //     synced): both are facts, the hub names the pair, and the owner
    //     merges the later record into the first from Settings.
    run(PEER, [peerDb, "intake", "Dewi Lestari", "0816-4444-5555", "--apart"]);
    await click("#nav-intake");
    await type("#f-customer_id", "Dewi L.\uE007");
    await type("#f-phone", "0816-4444-5555");
    await click("#customer-submit");
    await find("#customer-picked");
    await type("#f-brand", "Canon");
    await type("#f-model", "DR-C230");
    await type("#f-complaint", "Roller aus");
    await click("#intake-submit");
    await waitFor("ticket view", () => text("#ticket-number"));
    await waitFor("synced", synced, 20000, badge);
    run(PEER, [peerDb, "sync"]);
    await click("#nav-board");
    await click("#nav-settings");
    const pair = await waitFor("the pair listed", async () => (await count('#hub-conflicts li[data-conflict="same_customer"]')) === 1, 10000);
    check(pair, "the same phone taken in at two counters is listed as one customer twice");
    await wd("POST", "/execute/sync", { script: "document.getElementById('hub-panel').scrollIntoView()", args: [] });
    await screenshot("e2e-sync-conflict.png");
    // The app's sync loop (every second) has counter 2's customer by now.
    await sleep(2000);
    await click('#hub-conflicts li[data-conflict="same_customer"] button.primary');
    await waitFor("merged", async () => (await text('#hub-conflicts li[data-conflict="same_customer"] [data-resolved]')).includes("digabung"), 10000);
    // The panel asks the hub again after each sync round: the decision,
    // once at the hub, shows settled here without leaving the screen.
    const settled = await waitFor("settled at the hub", async () => {
      const t = await text('#hub-conflicts li[data-conflict="same_customer"] [data-resolved]');
      return t.includes("digabung") && !t.includes("menunggu") ? t : null;
    }, 20000, async () => `${await text('#hub-conflicts li[data-conflict="same_customer"]')} · ${await badge()}`);
    check(!!settled, `the merge reached the hub and settled the conflict: ${settled}`);

    // 24. Counter 2 quotes its ticket; the customer approves on the hub's
    //     tracking page in a real browser (chromium); this counter's sync
    //     round carries the decision out, and the ticket here moves on. The
    //     prepared WhatsApp message carries the tracking link.
    const code = run(PEER, [peerDb, "quote", theirs, "275.000"]).split("\n")[0];
    const phone = await phoneBrowser();
    try {
      await phone.go(`${url}/s/${shop}/t/${code}`);
      await phone.type("#f-digits", "3333");
      await phone.click("#lookup-submit");
      check((await phone.text("#greeting")) === "Halo, Rina.", "the customer opens the ticket with the last four digits of their phone");
      await phone.click("#approve");
      check((await phone.text("#decision-sent")).includes("sudah kami terima"), "the approval is taken on the page");
      await phone.screenshot("e2e-web-approved.png");
    } finally {
      await phone.close();
    }
    const moved = await waitFor("the web approval at this counter", async () => {
      await click("#nav-board");
      await click(`tr[data-number="${theirs}"] td strong`);
      return (await attr("#ticket-view", "data-status")) === "in_repair";
    }, 20000, async () => `${await attr("#ticket-view", "data-status")} · ${await badge()}`);
    check(moved, "the customer's online approval reaches this counter: the ticket is in repair");
    const byWeb = await text("#ticket-view");
    check(byWeb.includes("Pelanggan (web)"), "the decision is recorded as the customer's, on the web");
    await wd("POST", "/execute/sync", { script: "document.getElementById('message-menu').scrollIntoView()", args: [] });
    await click("#message-send");
    const link = await waitFor("prepared message", async () => attr("#message-text", "data-link"));
    check(link.startsWith("https://wa.me/6281522223333?text=") && decodeURIComponent(link).includes(`/s/${shop}/t/${code}`), `the WhatsApp message carries the tracking link: ${decodeURIComponent(link).slice(0, 90)}…`);
    await screenshot("e2e-web-ticket.png");
  } finally {
    if (hub) await stopHub(hub);
  }
}
