// This PC's printers reach the core as typed (a network receipt printer
// with its paper, code page and drawer), a bad address comes back at its
// field, and a failed test print says why with a button to print again.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Printers, Printed, PrintRequest } from "../../api";
import PrintersPanel from "./PrintersPanel.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const none: Printers = {
  receipt: null,
  label: null,
  a4_printer: null,
  auto: { payment_receipt: true, intake_receipt: true, intake_copies: 2, intake_label: true, stock_labels: false, warranty_card: false, drawer_on_cash: true },
};

const job = (outcome: string, error_code: string | null): Printed => ({
  job: { id: `j-${outcome}`, doc_kind: "test_page", doc_id: null, doc_number: null, printer: "receipt", target: "10.0.0.9:9100", copies: 1, drawer: false, outcome, error_code, reason: null, staff_id: "s", staff_name: "Hendra", at: "2026-12-01T03:00:00Z" },
  message: error_code ? "the printer at 10.0.0.9:9100 does not answer" : null,
});

test("a network receipt printer is saved as typed; a bad address shows at its field; a failed test page can be printed again", async () => {
  const saved: Printers[] = [];
  const prints: PrintRequest[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "printers") return saved.at(-1) ?? none;
    if (cmd === "system_printers") return ["HP_LaserJet"];
    if (cmd === "drawer_openings") return [];
    if (cmd === "set_printers") {
      const input = (args as { input: Printers }).input;
      const c = input.receipt?.connection;
      if (c?.kind === "network" && c.address.includes(" ")) throw { kind: "validation", field: "receipt_printer", code: "invalid_printer", message: "x" };
      saved.push(input);
      return input;
    }
    if (cmd === "print_paper") {
      prints.push((args as { input: PrintRequest }).input);
      return prints.length === 1 ? job("failed", "printer_unreachable") : job("printed", null);
    }
  });
  render(PrintersPanel, { canManage: true, canDrawer: true });
  const kind = (await screen.findByLabelText("Sambungan", { selector: "#f-receipt_kind" })) as HTMLSelectElement;
  await fireEvent.change(kind, { target: { value: "network" } });
  await fireEvent.input(document.getElementById("f-receipt_printer")!, { target: { value: "10.0.0 9" } });
  await fireEvent.click(screen.getByText("Simpan printer"));
  const err = await screen.findByRole("alert");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("receipt_printer");
  expect(err.textContent).toContain("192.168.1.50:9100");
  expect(saved).toHaveLength(0);

  await fireEvent.input(document.getElementById("f-receipt_printer")!, { target: { value: "10.0.0.9:9100" } });
  await fireEvent.change(document.getElementById("f-width")!, { target: { value: "cols32" } });
  await fireEvent.change(document.getElementById("f-code_page")!, { target: { value: "pc857" } });
  await fireEvent.input(document.getElementById("f-code_table")!, { target: { value: "13" } });
  await fireEvent.click(screen.getByText("Simpan printer"));
  await screen.findByText("✓");
  expect(saved[0].receipt).toEqual({
    connection: { kind: "network", address: "10.0.0.9:9100" },
    width: "cols32",
    code_page: "pc857",
    code_table: 13,
    cut: "partial",
    drawer_pin: 2,
    drawer_pulse_ms: 100,
  });
  expect(saved[0].label).toBeNull();

  await fireEvent.click(screen.getByText("Cetak halaman uji"));
  const failed = await screen.findByText(/Printer tidak menjawab/);
  expect(failed.getAttribute("data-outcome")).toBe("failed");
  await fireEvent.click(screen.getByText("Cetak ulang"));
  await screen.findByText("Tercetak di 10.0.0.9:9100");
  expect(prints.map((p) => p.doc)).toEqual(["test_page", "test_page"]);
});
