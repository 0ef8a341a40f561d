// Form validation display: the core's typed error lands next to its field,
// translated; unknown fields fall back to a form-level message.
import { describe, expect, test, afterEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Setup from "../screens/shop/Setup.svelte";
import Login from "../screens/staff/Login.svelte";
import { explain, message } from "./errors";
import { i18n, toggleLocale, upper } from "../i18n/index.svelte";
import { id } from "../i18n/id";
import { en } from "../i18n/en";
import { tr } from "../i18n/tr";

const tr_text = (k: string) => (tr as Record<string, string>)[k];
import type { ShopProfile } from "../api";

const defaults: ShopProfile = {
  name: "", address: "", phone: "", npwp: null, branch_code: "JKT1", counter_code: "K1", time_zone: "Asia/Jakarta",
  currency: "IDR", tax_rate: "0.11", prices_include_tax: false, receipt_terms: "", receipt_paper: "a5",
  ticket_prefix: "SV", invoice_prefix: "INV", promise_days: 3,
};

afterEach(() => {
  cleanup();
  clearMocks();
  i18n.locale = "id";
});

describe("error mapping", () => {
  test("validation codes translate per locale", () => {
    const e = { kind: "validation", field: "phone", code: "invalid_phone", message: "x" } as const;
    expect(message(e)).toBe("Nomor telepon tidak valid");
    i18n.locale = "en";
    expect(message(e)).toBe("Not a valid phone number");
  });

  test("known fields go next to the field, others to the form", () => {
    const e = { kind: "validation", field: "lines.0.qty", code: "invalid_qty", message: "x" } as const;
    expect(explain(e, ["lines.0.qty"]).fields["lines.0.qty"]).toBe("Jumlah harus lebih dari 0");
    expect(explain(e, []).form).toBe("Jumlah harus lebih dari 0");
    expect(explain({ kind: "forbidden", message: "no" }, []).form).toBe("Peran Anda tidak boleh melakukan ini");
  });

  test("every catalog has the same keys, and the same {placeholders} per key", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    expect(Object.keys(tr).sort()).toEqual(Object.keys(id).sort());
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
    const differ = Object.keys(en).filter((k) => names(tr[k as keyof typeof tr]) !== names(en[k as keyof typeof en]));
    expect(differ).toEqual([]);
  });

  test("the switch goes Indonesian → English → Türkçe, and Turkish upper case is Turkish", () => {
    const e = { kind: "validation", field: "phone", code: "invalid_phone", message: "x" } as const;
    toggleLocale();
    expect(i18n.locale).toBe("en");
    toggleLocale();
    expect(i18n.locale).toBe("tr");
    expect(message(e)).not.toBe("Not a valid phone number");
    expect(upper("istanbul irsaliye ılık")).toBe("İSTANBUL İRSALİYE ILIK");
    expect(upper("istanbul", "en")).toBe("ISTANBUL");
    toggleLocale();
    expect(i18n.locale).toBe("id");
  });
});

describe("setup form", () => {
  test("a rejected phone shows its message beside the phone input only", async () => {
    let sent: Record<string, unknown> | undefined;
    mockIPC((cmd, args) => {
      if (cmd === "setup_shop") {
        sent = args as Record<string, unknown>;
        throw { kind: "validation", field: "phone", code: "invalid_phone", message: "not a valid phone number" };
      }
    });
    render(Setup, { defaults, onDone: () => {} });
    await fireEvent.input(document.getElementById("f-phone")!, { target: { value: "abc" } });
    await fireEvent.click(document.getElementById("setup-submit")!);
    const err = await screen.findByText("Nomor telepon tidak valid");
    expect(err.getAttribute("data-error-for")).toBe("phone");
    expect(err.closest("[data-field]")?.getAttribute("data-field")).toBe("phone");
    expect(document.querySelectorAll("[data-error-for]").length).toBe(1);
    const input = (sent as { input: { profile: ShopProfile } }).input;
    expect(input.profile.tax_rate).toBe("0.11");
    expect(input.profile.phone).toBe("abc");
  });

  test("choosing Türkiye fills its defaults and speaks Türkçe; what was typed stays", async () => {
    let sent: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === "setup_shop") {
        sent = args;
        throw { kind: "validation", field: "npwp", code: "tax_id_checksum", message: "x" };
      }
    });
    const tr: ShopProfile = { ...defaults, branch_code: "IST1", time_zone: "Europe/Istanbul", currency: "TRY", tax_rate: "0.2", prices_include_tax: true, ticket_prefix: "SF", invoice_prefix: "FTR" };
    render(Setup, { defaults, defaultsTr: tr, onDone: () => {} });
    await fireEvent.input(document.getElementById("f-name")!, { target: { value: "Kadıköy Teknik" } });
    const country = document.getElementById("f-country") as HTMLSelectElement;
    country.value = "tr";
    await fireEvent.change(country);
    expect(i18n.locale).toBe("tr");
    expect((document.getElementById("f-tax_rate") as HTMLInputElement).value).toBe("20");
    expect((document.getElementById("f-name") as HTMLInputElement).value).toBe("Kadıköy Teknik");
    await fireEvent.input(document.getElementById("f-npwp")!, { target: { value: "4540536921" } });
    await fireEvent.click(document.getElementById("setup-submit")!);
    const err = await screen.findByText(tr_text("err.tax_id_checksum"));
    expect(err.getAttribute("data-error-for")).toBe("npwp");
    const input = (sent as { input: { profile: ShopProfile } }).input;
    expect([input.profile.currency, input.profile.time_zone, input.profile.tax_rate]).toEqual(["TRY", "Europe/Istanbul", "0.2"]);
  });

  test("an owner password error lands on the owner's password", async () => {
    mockIPC(() => {
      throw { kind: "validation", field: "owner_password", code: "too_short", message: "x" };
    });
    render(Setup, { defaults, onDone: () => {} });
    await fireEvent.click(document.getElementById("setup-submit")!);
    const err = await screen.findByText("Terlalu pendek (min. 8 karakter)");
    expect(err.getAttribute("data-error-for")).toBe("owner_password");
  });
});

describe("login", () => {
  test("wrong credentials show the message and clear the password", async () => {
    mockIPC(() => {
      throw { kind: "unauthorized", code: "wrong_login", message: "wrong username or password" };
    });
    render(Login, { onDone: () => {} });
    const pw = document.getElementById("f-password") as HTMLInputElement;
    await fireEvent.input(pw, { target: { value: "salah" } });
    await fireEvent.click(document.getElementById("login-submit")!);
    expect(await screen.findByText("Nama pengguna atau kata sandi salah")).toBeTruthy();
    expect(pw.value).toBe("");
  });
});
