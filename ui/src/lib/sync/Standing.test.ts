// A booking's standing at the hub: nothing to say when confirmed or
// standalone; tentative offline; not confirmed when the hub found the
// technician already booked.
import { afterEach, expect, test } from "vitest";
import { cleanup, render } from "@testing-library/svelte";
import Standing from "./Standing.svelte";

afterEach(cleanup);

test("only an unconfirmed booking carries a badge, saying why", () => {
  for (const confirmation of [null, "confirmed"]) {
    const { container } = render(Standing, { confirmation });
    expect(container.querySelector("[data-confirmation]")).toBeNull();
    cleanup();
  }
  const tentative = render(Standing, { confirmation: "tentative" });
  expect(tentative.container.textContent).toContain("belum sampai di hub");
  cleanup();
  const clash = render(Standing, { confirmation: "double_booked" });
  expect(clash.container.querySelector("[data-confirmation]")?.getAttribute("data-confirmation")).toBe("double_booked");
  expect(clash.container.textContent).toContain("teknisi sudah terjadwal");
});
