// The one search: Ctrl+K focuses it; results come grouped by kind; the
// arrows choose and Enter opens; a scanned code + Enter opens its document
// at once (searched right away, not after the pause); Esc closes.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import SearchBox from "./SearchBox.svelte";
import { go, nav } from "../nav.svelte";
import type { SearchHit, SearchResults } from "../../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const hit = (kind: string, id: string, title: string, exact = false): SearchHit => ({ kind, id, title, subtitle: "Budi Santoso", status: null, exact });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function backend(asked: string[]) {
  mockIPC((cmd, args) => {
    if (cmd !== "search_everything") return undefined;
    const q = (args as { query: string }).query;
    asked.push(q);
    const r: SearchResults =
      q === "SN-0001"
        ? { query: q, hits: [hit("unit", "SN-0001", "SN-0001", true)], open: hit("unit", "SN-0001", "SN-0001", true) }
        : { query: q, hits: [hit("ticket", "t1", "SV-1"), hit("ticket", "t2", "SV-2"), hit("customer", "c1", "Budi Santoso")], open: null };
    return r;
  });
}

test("Ctrl+K, grouped results, arrows and Enter", async () => {
  const asked: string[] = [];
  backend(asked);
  go({ name: "today" });
  render(SearchBox);
  await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
  const input = document.getElementById("search") as HTMLInputElement;
  expect(document.activeElement).toBe(input);
  await fireEvent.input(input, { target: { value: "budi" } });
  await wait(200);
  expect(asked).toEqual(["budi"]);
  expect([...document.querySelectorAll(".search-kind")].map((k) => k.textContent)).toEqual(["Tiket servis", "Pelanggan"]);
  await fireEvent.keyDown(input, { key: "ArrowDown" });
  await fireEvent.keyDown(input, { key: "ArrowDown" });
  await fireEvent.keyDown(input, { key: "ArrowDown" });
  expect(document.querySelector(".search-hit.selected")!.textContent).toContain("Budi Santoso");
  await fireEvent.keyDown(input, { key: "Enter" });
  await wait(0);
  expect(nav.view).toEqual({ name: "customer", id: "c1" });
  expect(input.value).toBe("");
});

test("a scanned serial + Enter opens its unit at once; Esc closes", async () => {
  const asked: string[] = [];
  backend(asked);
  go({ name: "today" });
  render(SearchBox);
  const input = document.getElementById("search") as HTMLInputElement;
  input.focus();
  await fireEvent.input(input, { target: { value: "SN-0001" } });
  await fireEvent.keyDown(input, { key: "Enter" });
  await wait(0);
  await wait(0);
  expect(asked).toEqual(["SN-0001"]);
  expect(nav.view).toEqual({ name: "warranty", query: "SN-0001" });
  input.focus();
  await fireEvent.input(input, { target: { value: "budi" } });
  await wait(200);
  expect(screen.getByText("SV-1")).toBeTruthy();
  await fireEvent.keyDown(input, { key: "Escape" });
  expect(document.getElementById("search-results")).toBeNull();
  // Enter without a single match keeps the list open, opens nothing.
  await fireEvent.keyDown(input, { key: "Enter" });
  await wait(0);
  expect(nav.view).toEqual({ name: "warranty", query: "SN-0001" });
});
