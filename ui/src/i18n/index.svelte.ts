// The message catalogs and the current language (Bahasa Indonesia by default).
import { id, type MessageKey } from "./id";
import { en } from "./en";

export type Locale = "id" | "en";
const catalogs: Record<Locale, Record<string, string>> = { id, en };

export const i18n = $state({ locale: "id" as Locale });

export function t(key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const text = catalogs[i18n.locale][key] ?? catalogs.id[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ""));
}

/** A catalog text as written, its {names} left for the core to fill. */
export function raw(key: MessageKey | string): string {
  return catalogs[i18n.locale][key] ?? catalogs.id[key] ?? key;
}

export function toggleLocale(): void {
  i18n.locale = i18n.locale === "id" ? "en" : "id";
  document.documentElement.lang = i18n.locale;
}
