// Joining a hub: what the clerk typed goes to the core as typed; a refused
// code is shown next to the code field; a joined device reports its state
// and lists the hub's conflicts with both sides.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import JoinHubForm from "./JoinHubForm.svelte";
import SyncBadge from "./SyncBadge.svelte";
import HubPanel from "./HubPanel.svelte";
import type { HubConflict, JoinInput, SyncStatus } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const joined: SyncStatus = { joined: true, hub_url: "http://hub.toko:8750", waiting: 1, last_sync_at: null, last_error: "the hub cannot be reached", conflicts: 0 };

test("a refused code shows at the code field, then the join goes through", async () => {
  const sent: JoinInput[] = [];
  mockIPC((cmd, args) => {
    if (cmd !== "join_hub") return undefined;
    const input = (args as { input: JoinInput }).input;
    sent.push(input);
    if (input.code === "AAAA-BBBB-CCCC") throw { kind: "validation", field: "code", code: "unknown_code", message: "unknown" };
    return joined;
  });
  let done: SyncStatus | null = null;
  render(JoinHubForm, { hint: "", onJoined: (s: SyncStatus) => (done = s) });
  await fireEvent.input(document.getElementById("f-hub-url")!, { target: { value: "http://hub.toko:8750" } });
  await fireEvent.input(document.getElementById("f-hub-code")!, { target: { value: "AAAA-BBBB-CCCC" } });
  await fireEvent.input(document.getElementById("f-hub-device")!, { target: { value: "Kasir 2" } });
  await fireEvent.click(document.getElementById("hub-join")!);
  expect((await screen.findByRole("alert")).textContent).toBe("Kode pendaftaran tidak dikenal");
  expect(document.querySelector('[data-error-for="code"]')).not.toBeNull();
  expect(done).toBeNull();
  await fireEvent.input(document.getElementById("f-hub-code")!, { target: { value: "K7QX-2MPA-9TRF" } });
  await fireEvent.click(document.getElementById("hub-join")!);
  await screen.findByText("Gabung ke hub");
  expect(sent.at(-1)).toEqual({ hub_url: "http://hub.toko:8750", code: "K7QX-2MPA-9TRF", device_name: "Kasir 2" });
  expect(done).toEqual(joined);
});

test("the status bar says offline with the changes waiting, and nothing when standalone", async () => {
  let status: SyncStatus = joined;
  mockIPC((cmd) => (cmd === "sync_status" ? status : undefined));
  render(SyncBadge);
  expect((await screen.findByText("Offline")).id).toBe("sync-state");
  expect(document.getElementById("sync-waiting")!.textContent).toBe("1 perubahan menunggu");
  cleanup();
  status = { ...joined, joined: false };
  render(SyncBadge);
  await new Promise((r) => setTimeout(r, 20));
  expect(document.getElementById("sync-badge")).toBeNull();
});

test("a joined device lists the hub's conflicts with both versions", async () => {
  const c: HubConflict = {
    id: "c1", seq: 42, table: "staff", key: "s1", kind: "changed_apart", device: "Kasir 2", other_device: "Kasir 1",
    mine: { name: "Pak Hendra" }, theirs: { name: "Hendra H." }, at: "2026-12-01T03:00:00Z",
  };
  mockIPC((cmd) => (cmd === "sync_status" ? { ...joined, last_error: null, waiting: 0 } : cmd === "sync_conflicts" ? [c] : undefined));
  render(HubPanel);
  const item = await screen.findByText("Diubah di dua tempat saat terpisah");
  const li = item.closest("li")!;
  expect(li.dataset.conflict).toBe("changed_apart");
  expect(li.textContent).toContain("Kasir 2 ↔ Kasir 1");
  expect(li.textContent).toContain('"name":"Pak Hendra"');
  expect(li.textContent).toContain('"name":"Hendra H."');
});
