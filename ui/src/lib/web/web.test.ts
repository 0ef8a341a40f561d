// The prepared message sends the catalog's wording with its {names} intact
// (the core fills them), suggests the message the record's state calls
// for, and shows a refusal beside its field in the Settings panel.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import MessageMenu from "./MessageMenu.svelte";
import PublicFacePanel from "./PublicFacePanel.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("a message goes out with the catalog's template and shows what was prepared", async () => {
  const sent: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "send_message") {
      sent.push((args as { input: unknown }).input);
      return { text: "Halo Budi, siap diambil.", link: "https://wa.me/6281234567890?text=Halo" };
    }
  });
  render(MessageMenu, { id: "t-1", kinds: ["received", "quote", "ready"], suggested: "ready" });
  expect((document.getElementById("f-message-kind") as HTMLSelectElement).value).toBe("ready");
  await fireEvent.click(screen.getByText("Buka di WhatsApp"));
  expect(await screen.findByText("Halo Budi, siap diambil.")).toBeTruthy();
  const input = sent[0] as { kind: string; id: string; fallback: string };
  expect(input.kind).toBe("ready");
  expect(input.id).toBe("t-1");
  expect(input.fallback).toContain("{name}");
  expect(input.fallback).toContain("{amount}");
  expect(screen.getByText(/\+6281234567890/)).toBeTruthy();
});

test("a template with an unknown name is refused beside its own field", async () => {
  mockIPC((cmd) => {
    if (cmd === "public_face") return { public_url: "", templates: [] };
    if (cmd === "update_public_face")
      throw { kind: "validation", field: "templates.ready", code: "unknown_placeholder", message: "{nama} is not a name" };
  });
  render(PublicFacePanel);
  const box = (await screen.findByPlaceholderText(/siap diambil di \{shop\}/)) as HTMLTextAreaElement;
  await fireEvent.input(box, { target: { value: "Halo {nama}" } });
  await fireEvent.click(screen.getByText("Simpan"));
  const err = await screen.findByText(/tidak dikenal/);
  expect(err.getAttribute("data-error-for")).toBe("templates.ready");
  expect(document.querySelectorAll("[data-error-for]").length).toBe(1);
});
