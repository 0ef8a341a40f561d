// The lock screen: people who signed in today unlock with their PIN; a
// wrong PIN is shown at the PIN field; with nobody to switch to, it goes
// straight to the password sign-in.
import { afterEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Lock from "./Lock.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const sari = { staff_id: "s1", name: "Sari", role: "front_desk" };

test("a wrong PIN shows at the field, the right one unlocks", async () => {
  const calls: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "switch_candidates") return [sari];
    if (cmd === "switch_with_pin") {
      calls.push(args);
      const a = args as { pin: string };
      if (a.pin !== "2468") throw { kind: "validation", field: "pin", code: "wrong_pin", message: "wrong PIN" };
      return { staff_id: "s1", name: "Sari", username: "sari", role: "front_desk", allowed: [], must_change_password: false, has_pin: true };
    }
  });
  const onDone = vi.fn();
  render(Lock, { onDone, onPassword: vi.fn() });
  await fireEvent.click(await screen.findByText("Sari"));
  const pin = document.getElementById("f-pin") as HTMLInputElement;
  await fireEvent.input(pin, { target: { value: "0000" } });
  await fireEvent.click(screen.getByText("Buka"));
  const err = await screen.findByText("PIN salah");
  expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("pin");
  expect(onDone).not.toHaveBeenCalled();
  await fireEvent.input(pin, { target: { value: "2468" } });
  await fireEvent.click(screen.getByText("Buka"));
  await vi.waitFor(() => expect(onDone).toHaveBeenCalledOnce());
  expect(calls).toEqual([{ staffId: "s1", pin: "0000" }, { staffId: "s1", pin: "2468" }]);
});

test("nobody signed in today: straight to the password", async () => {
  mockIPC((cmd) => (cmd === "switch_candidates" ? [] : undefined));
  const onPassword = vi.fn();
  render(Lock, { onDone: vi.fn(), onPassword });
  await vi.waitFor(() => expect(onPassword).toHaveBeenCalledOnce());
});
