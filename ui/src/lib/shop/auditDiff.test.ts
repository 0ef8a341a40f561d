import { expect, test } from "vitest";
import { changes } from "./auditDiff";

test("a change lists only what moved, before → after", () => {
  const before = JSON.stringify({ name: "Rina", role: "technician", active: true });
  const after = JSON.stringify({ name: "Rina", role: "technician", active: false });
  expect(changes(before, after)).toEqual([{ key: "active", before: "true", after: "false" }]);
});

test("a creation or event shows its content without a before", () => {
  expect(changes(null, JSON.stringify({ kind: "note", note: "Cek roller", data: null }))).toEqual([
    { key: "kind", before: null, after: "note" },
    { key: "note", before: null, after: "Cek roller" },
  ]);
  expect(changes(null, "\"2026-12-31\"")).toEqual([{ key: "", before: null, after: "2026-12-31" }]);
});

test("a status move shows where it came from", () => {
  const c = changes(JSON.stringify({ status: "received" }), JSON.stringify({ kind: "status", moved: ["received", "diagnosing"] }));
  expect(c.find((x) => x.key === "status")).toEqual({ key: "status", before: null, after: "received" });
  expect(c.find((x) => x.key === "moved")?.after).toBe('["received","diagnosing"]');
});
