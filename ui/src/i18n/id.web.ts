// Bahasa Indonesia: the shop's public face (the hub's customer pages, the
// prepared WhatsApp messages, payment proofs from the web). Spread into
// id.ts; en.web.ts must have the same keys. The `msg.template.*` texts are
// the messages' default wording: their {names} are filled by the core, so
// they are read with `raw()`, never with `t()`.
export const idWeb = {
  "web.title": "Halaman pelanggan & pesan WhatsApp",
  "web.public_url": "Alamat publik hub",
  "web.public_url_hint": "Alamat https yang dibuka pelanggan (QR tanda terima dan kartu garansi). Kosong: alamat hub tempat perangkat ini sinkron.",
  "web.templates": "Teks pesan",
  "web.template_hint": "Kosongkan untuk memakai teks bawaan. Nama yang bisa dipakai: {name} {shop} {number} {device} {link} {code} {amount} {tracking} {due}",
  "web.save": "Simpan",
  "msg.kind.received": "Perangkat diterima",
  "msg.kind.quote": "Penawaran menunggu persetujuan",
  "msg.kind.ready": "Siap diambil",
  "msg.kind.paid": "Pembayaran diterima",
  "msg.kind.shipped": "Pesanan dikirim",
  "msg.kind.reminder": "Pengingat pembayaran",
  "msg.kind.progress": "Progres pekerjaan",
  "msg.template.received": "Halo {name}, perangkat {device} Anda sudah kami terima di {shop} dengan nomor servis {number}. Pantau statusnya di {link} (kode {code}).",
  "msg.template.quote": "Halo {name}, biaya perbaikan {device} (servis {number}) sudah kami hitung. Silakan setujui atau tolak penawarannya di {link} (kode {code}).",
  "msg.template.ready": "Halo {name}, {device} Anda (servis {number}) sudah siap diambil di {shop}. Sisa pembayaran: {amount}.",
  "msg.template.paid": "Halo {name}, pembayaran pesanan {number} sebesar {amount} sudah kami terima. Terima kasih telah berbelanja di {shop}.",
  "msg.template.shipped": "Halo {name}, pesanan {number} sudah dikirim. Nomor resi: {tracking}.",
  "msg.template.reminder": "Halo {name}, pesanan {number} di {shop} menunggu pembayaran {amount} sebelum {due}. Abaikan pesan ini bila sudah membayar.",
  "msg.template.progress": "Halo {name}, kabar pekerjaan {number} dari {shop}: {progress}",
  "msg.title": "Kirim pesan ke pelanggan",
  "msg.kind": "Pesan",
  "msg.send": "Buka di WhatsApp",
  "msg.prepared": "Pesan disiapkan untuk {phone}:",
  "orders.view_proof": "Lihat bukti",
  "orders.web_confirmed": "dari halaman web",
  "err.unknown_placeholder": "Ada {nama} yang tidak dikenal; lihat daftar di bawah",
  "err.not_joined": "Perangkat ini belum tergabung ke hub",
  "err.quote_changed": "Penawaran berubah setelah pelanggan melihatnya",
} as const;
