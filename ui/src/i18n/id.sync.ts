// Bahasa Indonesia: branch sync through the shop's hub (status bar, joining
// a hub at first run or from Settings). Spread into id.ts; en.sync.ts must
// have the same keys.
export const idSync = {
  "sync.online": "Tersinkron",
  "sync.offline": "Offline",
  "sync.waiting": "{n} perubahan menunggu",
  "sync.last": "Sinkron terakhir {at}",
  "sync.conflicts": "{n} konflik",
  "sync.title": "Hub toko (sinkron antar kasir)",
  "sync.joined": "Perangkat ini tergabung ke hub {url}.",
  "sync.hub_url": "Alamat hub",
  "sync.code": "Kode pendaftaran",
  "sync.code_hint": "Dari pemilik toko: konter-hub enrol-code",
  "sync.device_name": "Nama perangkat",
  "sync.join": "Gabung ke hub",
  "sync.promote_hint": "Seluruh data toko ini diunggah sekali ke hub; perangkat ini menjadi perangkat pertamanya. Nomor dokumen tidak berubah.",
  "sync.join_existing": "Gabung ke toko yang sudah ada",
  "sync.join_existing_hint": "Perangkat baru menerima data toko dari hub, lalu Anda masuk dengan akun toko.",
  "sync.receiving": "Menerima data toko dari hub…",
  "sync.joining": "Menghubungkan…",
  "err.unknown_code": "Kode pendaftaran tidak dikenal",
  "err.code_used": "Kode ini sudah dipakai",
  "err.code_expired": "Kode ini sudah kedaluwarsa",
  "err.hub_unreachable": "Hub tidak dapat dihubungi",
  "err.invalid_hub_url": "Alamat hub diawali https:// (atau http:// di jaringan toko)",
  "err.already_joined": "Perangkat ini sudah tergabung ke hub",
  "err.counter_mismatch": "Kode ini untuk kasir lain",
} as const;
