// A catalogue spreadsheet: the picked file goes to the core as base64 for
// a preview (counts, the refused rows with their field), a column changed
// previews again with it, the import reports what it did.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import SheetImport from "./SheetImport.svelte";
import type { CatalogPreview, ProductColumns } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const cols: ProductColumns = { sku: 0, name: 1, brand: null, category: null, price: 2, cost_price: null, serialised: null, tax_exempt: null, weight_grams: null, warranty_store_months: null, warranty_maker_months: null };
const wait = () => new Promise((r) => setTimeout(r, 20));

test("preview, a column changed, import", async () => {
  const calls: { cmd: string; file: string; columns: ProductColumns | null }[] = [];
  mockIPC((cmd, args) => {
    const a = args as { file: string; columns: ProductColumns | null };
    if (cmd === "catalog_sheet_preview" || cmd === "catalog_sheet_import") calls.push({ cmd, ...a });
    if (cmd === "catalog_sheet_preview") {
      const p: CatalogPreview = {
        header: ["SKU", "Nama", "Harga", "Modal"],
        columns: a.columns ?? cols,
        rows: [
          { line: 2, sku: "A-1", name: "Kabel", action: "new", field: null, code: null },
          { line: 3, sku: "", name: "Tanpa kode", action: "refused", field: "sku", code: "required" },
        ],
        counts: { new: 1, update: 0, unchanged: 0, refused: 1 },
      };
      return p;
    }
    if (cmd === "catalog_sheet_import") return { counts: { new: 1, update: 0, unchanged: 0, refused: 1 }, refused: [] };
    if (cmd === "plugin:event|listen") return 1;
    return undefined;
  });
  render(SheetImport, { kind: "catalog" });
  const input = document.getElementById("sheet-file-catalog") as HTMLInputElement;
  const file = new File(["SKU;Nama;Harga\nA-1;Kabel;150.000\n"], "katalog.csv", { type: "text/csv" });
  Object.defineProperty(input, "files", { value: [file] });
  await fireEvent.change(input);
  await wait();
  expect(atob(calls[0].file.split("base64,")[1])).toContain("A-1;Kabel;150.000");
  expect(calls[0].columns).toBeNull();
  expect(document.getElementById("sheet-counts-catalog")!.dataset.refused).toBe("1");
  expect(screen.getByText("SKU: Wajib diisi")).toBeTruthy();
  await fireEvent.change(document.getElementById("sheet-col-catalog-cost_price")!, { target: { value: "3" } });
  await wait();
  expect(calls.at(-1)!.columns!.cost_price).toBe(3);
  await fireEvent.click(document.getElementById("sheet-import-catalog")!);
  await wait();
  expect(calls.some((c) => c.cmd === "catalog_sheet_import" && c.columns!.cost_price === 3)).toBe(true);
  expect(document.getElementById("sheet-report-catalog")!.textContent).toContain("1 baru");
});
