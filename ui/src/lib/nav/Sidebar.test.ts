// The sidebar: grouped by area, only what the role may use (a technician
// has no intake, sales shift, reports or audit; a courier only the runs),
// the current screen marked, and collapsible, remembered on this PC.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render } from "@testing-library/svelte";
import Sidebar from "./Sidebar.svelte";
import { go, nav } from "../nav.svelte";
import type { Role, Session } from "../../api";

afterEach(() => cleanup());

// What the core's matrix allows each role, as far as the menu asks.
const ALLOWED: Record<string, string[]> = {
  owner: ["take_in", "move_ticket", "run_shift", "view_reports", "view_audit"],
  front_desk: ["take_in", "move_ticket", "run_shift"],
  technician: ["move_ticket"],
  courier: [],
};
const as = (role: Role): Session => ({ staff_id: "s", name: "X", username: "x", role, must_change_password: false, allowed: ALLOWED[role] }) as Session;
const ids = () => [...document.querySelectorAll(".sidebar [id^='nav-']")].map((b) => b.id).filter((i) => i !== "nav-collapse");
const groups = () => [...document.querySelectorAll(".sidebar [data-group]")].map((g) => (g as HTMLElement).dataset.group);

test("each role sees its screens, grouped by area", () => {
  render(Sidebar, { session: as("owner") });
  expect(groups()).toEqual(["home", "service", "sales", "warranty", "field", "reports", "admin"]);
  expect(ids()).toEqual(["nav-today", "nav-board", "nav-intake", "nav-pickup", "nav-orders", "nav-catalog", "nav-shift", "nav-warranty", "nav-visits", "nav-service_orders", "nav-contracts", "nav-runs", "nav-reports", "nav-settings", "nav-audit"]);
  cleanup();
  render(Sidebar, { session: as("technician") });
  expect(ids()).toEqual(["nav-today", "nav-board", "nav-pickup", "nav-orders", "nav-catalog", "nav-visits", "nav-service_orders", "nav-runs", "nav-settings"]);
  cleanup();
  render(Sidebar, { session: as("courier") });
  expect(ids()).toEqual(["nav-runs"]);
});

test("the current screen is marked, a ticket under the board; the menu collapses and stays so", async () => {
  go({ name: "ticket", id: "t1" });
  render(Sidebar, { session: as("front_desk") });
  expect(document.getElementById("nav-board")!.getAttribute("aria-current")).toBe("page");
  await fireEvent.click(document.getElementById("nav-orders")!);
  expect(nav.view.name).toBe("orders");
  expect(document.getElementById("nav-orders")!.classList.contains("active")).toBe(true);
  await fireEvent.click(document.getElementById("nav-collapse")!);
  expect(document.querySelector(".sidebar")!.classList.contains("collapsed")).toBe(true);
  expect(document.querySelector(".group-label")).toBeNull();
  cleanup();
  render(Sidebar, { session: as("front_desk") });
  expect(document.querySelector(".sidebar")!.classList.contains("collapsed")).toBe(true);
  await fireEvent.click(document.getElementById("nav-collapse")!);
});
