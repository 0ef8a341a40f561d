// Closing a courier's run at the counter: the counted cash against what the
// jobs collected; a difference without a note is refused at the note field;
// the button is disabled while the call runs; the closed run shows its
// difference. A courier sees the run's cash but cannot close it.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import RunClosePanel from "./RunClosePanel.svelte";
import type { RunCash, RunClose } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const job = (n: number, collected: string | null) => ({
  job_id: `j${n}`, number: `JOB-${n}`, ticket_number: `SRV-${n}`, customer_name: "Budi", to_collect: "66500", collected, recorded_at: collected ? "2026-11-23T07:00:00Z" : null,
});
const open: RunCash = {
  courier_id: "k1", day: "2026-11-23", currency: "IDR", jobs: [job(1, "66500"), job(2, "60000")], to_collect: "133000", expected: "126500", closed: null,
};
const closed: RunCash = {
  ...open,
  closed: { expected: "126500", handed_in: "120000", difference: "-6500", note: "Kembalian dipakai", by: "Sari", at: "2026-11-23T10:00:00Z" },
};

test("the counter closes a run; a difference needs a note; the button waits for the call", async () => {
  const sent: RunClose[] = [];
  let release: (v: RunCash) => void = () => undefined;
  mockIPC((cmd, args) => {
    if (cmd !== "reconcile_courier_run") return undefined;
    const a = args as { courierId: string; day: string; input: RunClose };
    expect([a.courierId, a.day]).toEqual(["k1", "2026-11-23"]);
    sent.push(a.input);
    if (!a.input.note) throw { kind: "validation", field: "note", code: "required", message: "explain the difference" };
    return new Promise<RunCash>((resolve) => (release = resolve));
  });
  let done: RunCash | null = null;
  const { rerender } = render(RunClosePanel, { courierId: "k1", day: "2026-11-23", cash: open, canClose: true, onDone: (r: RunCash) => (done = r) });
  expect(document.getElementById("run-expected")!.textContent).toBe("Rp 126.500");
  await fireEvent.input(document.getElementById("f-run-handed-in")!, { target: { value: "120.000" } });
  await fireEvent.click(document.getElementById("run-close-submit")!);
  const err = await screen.findByText("Wajib diisi");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("note");
  expect(sent[0]).toEqual({ handed_in: "120.000", note: null });

  await fireEvent.input(document.getElementById("f-run-note")!, { target: { value: "Kembalian dipakai" } });
  const button = document.getElementById("run-close-submit") as HTMLButtonElement;
  await fireEvent.click(button);
  await new Promise((r) => setTimeout(r, 0));
  expect(button.disabled).toBe(true);
  await fireEvent.click(button);
  expect(sent).toHaveLength(2);
  release(closed);
  await new Promise((r) => setTimeout(r, 0));
  expect(done).toEqual(closed);
  await rerender({ cash: closed });
  expect(document.getElementById("run-difference")!.textContent).toBe("-Rp 6.500");
  expect(screen.getByText("Sudah ditutup")).toBeTruthy();
  expect(document.getElementById("run-close-form")).toBeNull();
});

test("a courier sees the run's cash but no closing form", async () => {
  render(RunClosePanel, { courierId: "k1", day: "2026-11-23", cash: { ...open, jobs: [job(1, "66500"), job(2, null)], expected: "66500" }, canClose: false, onDone: () => undefined });
  expect(document.getElementById("run-expected")!.textContent).toBe("Rp 66.500");
  expect(screen.getByText(/1 tugas belum dicatat/)).toBeTruthy();
  expect(document.getElementById("run-close-form")).toBeNull();
});
