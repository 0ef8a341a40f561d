// English: branch sync through the shop's hub. Same keys as id.sync.ts.
import type { idSync } from "./id.sync";

export const enSync: Record<keyof typeof idSync, string> = {
  "sync.online": "Synced",
  "sync.offline": "Offline",
  "sync.waiting": "{n} changes waiting",
  "sync.last": "Last sync {at}",
  "sync.conflicts": "{n} conflicts",
  "sync.title": "Shop hub (sync between counters)",
  "sync.joined": "This device is joined to the hub {url}.",
  "sync.hub_url": "Hub address",
  "sync.code": "Enrolment code",
  "sync.code_hint": "From the shop owner: konter-hub enrol-code",
  "sync.device_name": "Device name",
  "sync.join": "Join the hub",
  "sync.promote_hint": "This shop's whole database is uploaded to the hub once; this device becomes its first device. Document numbers stay as they are.",
  "sync.join_existing": "Join an existing shop",
  "sync.join_existing_hint": "A new device receives the shop's data from the hub, then you sign in with a shop account.",
  "sync.receiving": "Receiving the shop's data from the hub…",
  "sync.joining": "Connecting…",
  "err.unknown_code": "Unknown enrolment code",
  "err.code_used": "This code was already used",
  "err.code_expired": "This code has expired",
  "err.hub_unreachable": "The hub cannot be reached",
  "err.invalid_hub_url": "The hub's address starts with https:// (or http:// on the shop network)",
  "err.already_joined": "This device is already joined to a hub",
  "err.counter_mismatch": "This code is for another counter",
};
