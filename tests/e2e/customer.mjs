// The customer's phone beside the counter: Debian's chromium, headless,
// driven by its own chromedriver session (not the app's tauri-driver), on
// the hub's tracking page.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const E = "element-6066-11e4-a52e-4f735466cecf";
const OUT = process.env.KONTER_ARTIFACTS ?? "artifacts";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function phoneBrowser() {
  const port = 9600 + Math.floor(Math.random() * 300);
  const child = spawn("chromedriver", [`--port=${port}`], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/status`)).ok) break;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  const call = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    const json = await res.json();
    if (!res.ok) throw new Error(`chromium ${method} ${path}: ${JSON.stringify(json.value).slice(0, 300)}`);
    return json.value;
  };
  const caps = { capabilities: { alwaysMatch: { "goog:chromeOptions": {
    binary: "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=412,1000"],
    prefs: { "intl.accept_languages": "id-ID,id" },
  } } } };
  const sid = (await call("POST", "/session", caps)).sessionId;
  const s = (path) => `/session/${sid}${path}`;
  const find = async (css) => {
    for (let i = 0; i < 60; i++) {
      try {
        return (await call("POST", s("/element"), { using: "css selector", value: css }))[E];
      } catch {
        await sleep(150);
      }
    }
    throw new Error(`chromium: not found: ${css}`);
  };
  return {
    go: (url) => call("POST", s("/url"), { url }),
    type: async (css, text) => call("POST", s(`/element/${await find(css)}/value`), { text }),
    click: async (css) => call("POST", s(`/element/${await find(css)}/click`), {}),
    text: async (css) => call("GET", s(`/element/${await find(css)}/text`)),
    screenshot: async (name) => writeFileSync(join(OUT, name), Buffer.from(await call("GET", s("/screenshot")), "base64")),
    close: async () => {
      await call("DELETE", s("")).catch(() => {});
      child.kill();
    },
  };
}
