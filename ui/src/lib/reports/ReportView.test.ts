// The reports: each kind asks the core for its range and grouping; the
// table shows amounts, percentages and days as people read them, with the
// total; a bad range is refused beside its field; an export sends the
// headers in the language shown.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ReportView from "./ReportView.svelte";
import type { Report, ReportExport, ReportQuery } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const sales: Report = {
  kind: "sales", from: "2026-11-23", to: "2026-11-29", group: "category",
  columns: [{ key: "name", kind: "text" }, { key: "qty", kind: "count" }, { key: "revenue", kind: "money" }, { key: "margin_percent", kind: "percent" }],
  rows: [["Aksesori", "2", "200000", "40.0"], ["Scanner", "1", "85000000", ""]],
  total: ["", "3", "85200000", "40.0"],
  chart: { style: "bar", series: ["revenue"] },
};
const tick = () => new Promise((r) => setTimeout(r, 0));

test("a report by kind, its table and its export", async () => {
  const asked: ReportQuery[] = [];
  const exports: ReportExport[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "report") {
      const q = (args as { query: ReportQuery }).query;
      asked.push(q);
      if (q.to < q.from) throw { kind: "validation", field: "to", code: "before_start", message: "before" };
      return q.kind === "sales" ? sales : { ...sales, kind: q.kind, group: "day", rows: [], total: null };
    }
    if (cmd === "export_report") {
      exports.push((args as { input: ReportExport }).input);
      return "/data/laporan-sales.xlsx";
    }
    return undefined;
  });
  render(ReportView);
  await tick();
  expect(asked[0].kind).toBe("money_in");
  expect(screen.getByText("Tidak ada data pada rentang ini.")).toBeTruthy();
  await fireEvent.click(document.getElementById("report-sales")!);
  await tick();
  expect(asked.at(-1)).toMatchObject({ kind: "sales", group: "category" });
  const cells = [...document.querySelectorAll("#report-table tbody tr:first-child td")].map((c) => c.textContent);
  expect(cells).toEqual(["Aksesori", "2", "Rp 200.000", "40,0 %"]);
  expect(document.querySelector("#report-table tbody tr:nth-child(2) td:last-child")!.textContent).toBe("—");
  expect(document.querySelector("#report-table tfoot")!.textContent).toContain("Total");
  expect(document.getElementById("report-chart")!.dataset.series).toBe("revenue");
  await fireEvent.change(document.getElementById("f-report-group")!, { target: { value: "brand" } });
  await tick();
  expect(asked.at(-1)).toMatchObject({ kind: "sales", group: "brand" });
  await fireEvent.click(document.getElementById("report-xlsx")!);
  await tick();
  expect(exports[0]).toMatchObject({ format: "xlsx", title: "Penjualan · Merek", headers: ["Merek", "Jumlah", "Omzet", "Margin %"], chart_png: null });
  expect(document.getElementById("report-exported")!.textContent).toContain("laporan-sales.xlsx");
  // A range that ends before it starts is refused at the end date.
  await fireEvent.input(document.getElementById("f-report-to")!, { target: { value: "2020-01-01" } });
  await tick();
  const err = await screen.findByText("Tanggal akhir sebelum tanggal awal");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("to");
});
