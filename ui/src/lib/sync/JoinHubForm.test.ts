// Joining a hub: what the clerk typed goes to the core as typed; a refused
// code is shown next to the code field; a joined device reports its state
// and lists the hub's conflicts with both sides.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
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
    mine: { name: "Pak Hendra" }, theirs: { name: "Hendra H." }, at: "2026-12-01T03:00:00Z", resolved: null,
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

test("one customer entered twice is merged into the first, and the conflict shows settled", async () => {
  const c: HubConflict = {
    id: "c2", seq: 50, table: "customers", key: "cust-late", kind: "same_customer", device: "Kasir 2", other_device: "Kasir 1",
    mine: { id: "cust-late", name: "Budi S." }, theirs: { id: "cust-first", name: "Budi Santoso" }, at: "2026-12-01T03:00:00Z", resolved: null,
  };
  const calls: Array<[string, unknown]> = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === "sync_status") return { ...joined, last_error: null, waiting: 0 };
    if (cmd === "sync_conflicts") return [c];
    if (cmd === "merge_customers") return 1;
    return undefined;
  });
  render(HubPanel);
  const item = (await screen.findByText("Satu pelanggan dibuat dua kali (nomor HP sama)")).closest("li")!;
  expect(item.textContent).toContain("Budi S. / Budi Santoso");
  await fireEvent.click(await screen.findByText("Gabungkan ke pelanggan pertama"));
  await screen.findByText(/Selesai: pelanggan digabung/);
  const merge = calls.find(([cmd]) => cmd === "merge_customers");
  expect(merge?.[1]).toEqual({ input: { keep: "cust-first", duplicate: "cust-late", conflict_id: "c2", note: null } });
});

test("settling a conflict needs a note, shown next to the field", async () => {
  const c: HubConflict = {
    id: "c3", seq: 51, table: "units", key: "u1", kind: "unit_twice", device: "Kasir 2", other_device: "Kasir 1",
    mine: { status: "sold" }, theirs: { status: "sold" }, at: "2026-12-01T03:00:00Z", resolved: null,
  };
  let resolved: unknown = null;
  mockIPC((cmd, args) => {
    if (cmd === "sync_status") return { ...joined, last_error: null, waiting: 0 };
    if (cmd === "sync_conflicts") return [c];
    if (cmd === "resolve_conflict") {
      const input = (args as { input: { note: string } }).input;
      if (!input.note.trim()) throw { kind: "validation", field: "note", code: "required", message: "required" };
      resolved = input;
      return "r1";
    }
    return undefined;
  });
  render(HubPanel);
  await fireEvent.click(await screen.findByText("Tandai selesai"));
  const field = (await screen.findByLabelText(/Apa yang dilakukan/)).closest(".field") as HTMLElement;
  await waitFor(() => expect(field.classList.contains("invalid")).toBe(true));
  expect(resolved).toBeNull();
  await fireEvent.input(screen.getByLabelText(/Apa yang dilakukan/), { target: { value: "Pembeli K2 dikembalikan uangnya" } });
  await fireEvent.click(screen.getByText("Tandai selesai"));
  await screen.findByText(/Selesai: kedua fakta tetap/);
  expect(resolved).toEqual({ conflict_id: "c3", note: "Pembeli K2 dikembalikan uangnya" });
});
