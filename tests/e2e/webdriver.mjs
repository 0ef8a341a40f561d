// A plain W3C WebDriver client for the end-to-end walkthrough (no deps):
// one session, element helpers, waiting, checks and screenshots.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const DRIVER = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444";
const OUT = process.env.KONTER_ARTIFACTS ?? "artifacts";
export const E = "element-6066-11e4-a52e-4f735466cecf";
let sid;
let passed = 0;

/** Opens the session; later calls go to it. */
export async function startSession(caps) {
  sid = (await wd("POST", "", caps)).sessionId;
}

export const passedCount = () => passed;

export async function wd(method, path, body) {
  const res = await fetch(`${DRIVER}/session${sid ? `/${sid}` : ""}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value).slice(0, 300)}`);
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function find(css, timeout = 10000) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      return (await wd("POST", "/element", { using: "css selector", value: css }))[E];
    } catch (e) {
      if (Date.now() > until) throw new Error(`not found: ${css}`);
      await sleep(150);
    }
  }
}

export const click = async (css) => wd("POST", `/element/${await find(css)}/click`, {});
export const type = async (css, text) => wd("POST", `/element/${await find(css)}/value`, { text });
export const text = async (css) => wd("GET", `/element/${await find(css)}/text`);
export const attr = async (css, name) => wd("GET", `/element/${await find(css)}/attribute/${name}`);

/** Polls `fn` until it gives a truthy value; on timeout the error says what
 *  `seen` (if given) last read, and a screenshot of the window is kept. */
export async function waitFor(what, fn, timeout = 10000, seen) {
  const until = Date.now() + timeout;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) {
      const last = seen ? await seen().catch((e) => `(${e.message})`) : undefined;
      await screenshot(`timeout-${what.replace(/[^a-z0-9]+/gi, "-")}.png`).catch(() => {});
      throw new Error(`timed out waiting for ${what}${last === undefined ? "" : `; last seen: ${last}`}`);
    }
    await sleep(200);
  }
}

export function check(cond, what) {
  if (!cond) throw new Error(`failed: ${what}`);
  passed += 1;
  console.log(`ok - ${what}`);
}

export async function screenshot(name) {
  mkdirSync(OUT, { recursive: true });
  const png = await wd("GET", "/screenshot");
  writeFileSync(join(OUT, name), Buffer.from(png, "base64"));
}
