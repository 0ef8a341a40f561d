// The audit viewer sends the filters to the core, shows each change as
// before → after, and puts a bad date's error next to that date.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Audit from "./Audit.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("filters reach the core and changes read before → after", async () => {
  const queries: unknown[] = [];
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "list_staff": return [{ id: "a1", name: "Admin Ani", username: "ani", role: "admin", active: true, has_pin: false, must_change_password: false }];
      case "audit_kinds": return ["staff", "ticket"];
      case "audit_entries": {
        const q = (args as { query: { to: string | null } }).query;
        queries.push(q);
        if (q.to === "2026-11-01") throw { kind: "validation", field: "to", code: "before_start", message: "ends before it starts" };
        return [{ seq: 7, at: "2026-11-23T03:00:00Z", staff_name: "Admin Ani", entity: "staff", entity_id: "r1", op: "update",
          before: JSON.stringify({ name: "Rina", role: "technician", active: true }),
          detail: JSON.stringify({ name: "Rina", role: "technician", active: false }) }];
      }
    }
  });
  render(Audit);
  const row = (await screen.findByText("active")).closest("div")!;
  expect(row.textContent?.replace(/\s+/g, " ")).toContain("true → false");
  expect(document.querySelector("#audit-table")?.textContent).not.toContain("role");

  await fireEvent.change(document.getElementById("f-entity")!, { target: { value: "staff" } });
  await fireEvent.input(document.getElementById("f-from")!, { target: { value: "2026-11-20" } });
  await fireEvent.input(document.getElementById("f-to")!, { target: { value: "2026-11-01" } });
  await fireEvent.click(screen.getByText("Tampilkan"));
  const err = await screen.findByText("Tanggal akhir sebelum tanggal awal");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("to");
  expect(queries.at(-1)).toMatchObject({ entity: "staff", from: "2026-11-20", to: "2026-11-01", staff_id: null });
});
