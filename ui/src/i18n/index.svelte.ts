// The message catalogs and the current language (Bahasa Indonesia by
// default; English, and Türkçe for a Turkish shop).
import { id, type MessageKey } from "./id";
import { en } from "./en";
import { tr } from "./tr";

export type Locale = "id" | "en" | "tr";
const catalogs: Record<Locale, Record<string, string>> = { id, en, tr };
const ORDER: Locale[] = ["id", "en", "tr"];

/** The BCP 47 tag dates and numbers are written in. */
export const localeTag = (l: Locale = i18n.locale) => ({ id: "id-ID", en: "en-GB", tr: "tr-TR" })[l];

/** Upper case as the language writes it: Turkish i → İ, ı → I. */
export const upper = (s: string, l: Locale = i18n.locale) => s.toLocaleUpperCase(localeTag(l));

export const i18n = $state({ locale: "id" as Locale });

export function t(key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const text = catalogs[i18n.locale][key] ?? catalogs.id[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ""));
}

/** A catalog text as written, its {names} left for the core to fill. */
export function raw(key: MessageKey | string): string {
  return catalogs[i18n.locale][key] ?? catalogs.id[key] ?? key;
}

/** The next language of the switch: Indonesian → English → Türkçe → Indonesian. */
export function toggleLocale(): void {
  i18n.locale = ORDER[(ORDER.indexOf(i18n.locale) + 1) % ORDER.length];
  document.documentElement.lang = i18n.locale;
}
