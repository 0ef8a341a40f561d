//! The shop profile entered at first run, and its validation.

use crate::domain::money::{self, Currency};
use crate::domain::shop::numbering::check_code;
use crate::error::{check, Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaperSize {
    A4,
    A5,
    /// 80 mm thermal roll.
    Roll80,
}

impl PaperSize {
    pub fn as_str(self) -> &'static str {
        match self {
            PaperSize::A4 => "a4",
            PaperSize::A5 => "a5",
            PaperSize::Roll80 => "roll80",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "a4" => Ok(PaperSize::A4),
            "a5" => Ok(PaperSize::A5),
            "roll80" => Ok(PaperSize::Roll80),
            _ => Err(Error::validation(
                "receipt_paper",
                "invalid",
                "unknown paper size",
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ShopProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub npwp: Option<String>,
    pub branch_code: String,
    pub counter_code: String,
    pub time_zone: String,
    pub currency: Currency,
    /// PPN as a fraction: "0.11".
    #[ts(type = "string")]
    pub tax_rate: Decimal,
    pub prices_include_tax: bool,
    pub receipt_terms: String,
    pub receipt_paper: PaperSize,
    pub ticket_prefix: String,
    pub invoice_prefix: String,
    /// Working days from intake to the default promised date.
    pub promise_days: u32,
}

impl ShopProfile {
    pub fn validate(mut self) -> Result<Self> {
        self.name = check::required("name", &self.name, 100)?;
        self.address = check::required("address", &self.address, 300)?;
        self.phone = crate::domain::phone::normalize(&self.phone)?;
        self.npwp = check::optional("npwp", self.npwp.as_deref(), 32)?;
        if let (true, Some(n)) = (self.is_turkey(), &self.npwp) {
            // A Turkish shop's id is its VKN (a sole trader's TCKN).
            self.npwp = Some(crate::domain::tr::tax_id::check("npwp", n)?.0);
        } else if let Some(n) = &self.npwp {
            let digits = n.chars().filter(char::is_ascii_digit).count();
            if !(15..=16).contains(&digits)
                || n.chars()
                    .any(|c| !(c.is_ascii_digit() || ".- ".contains(c)))
            {
                return Err(Error::validation(
                    "npwp",
                    "invalid_npwp",
                    "NPWP has 15 or 16 digits",
                ));
            }
        }
        self.branch_code = check_code("branch_code", &self.branch_code)?;
        self.counter_code = check_code("counter_code", &self.counter_code)?;
        self.ticket_prefix = check_code("ticket_prefix", &self.ticket_prefix)?;
        self.invoice_prefix = check_code("invoice_prefix", &self.invoice_prefix)?;
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(Error::validation(
                "time_zone",
                "invalid",
                "unknown time zone",
            ));
        }
        if self.tax_rate.is_sign_negative()
            || self.tax_rate >= Decimal::ONE
            || self.tax_rate.scale() > 4
        {
            return Err(Error::validation(
                "tax_rate",
                "invalid_rate",
                "rate between 0 and 100 %",
            ));
        }
        check::max_len("receipt_terms", &self.receipt_terms, 1000)?;
        if self.promise_days > 60 {
            return Err(Error::validation(
                "promise_days",
                "too_large",
                "at most 60 days",
            ));
        }
        Ok(self)
    }

    /// A shop in Türkiye (issue 18): its zone says so. Its rules follow:
    /// TRY and KDV, VKN/TCKN, Turkey's holidays.
    pub fn is_turkey(&self) -> bool {
        self.time_zone == "Europe/Istanbul"
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Asia::Jakarta)
    }

    pub fn round(&self, amount: Decimal) -> Decimal {
        money::round(amount, self.currency)
    }

    /// Defaults for an Indonesian shop (the setup screen starts from these).
    pub fn indonesian_defaults() -> Self {
        ShopProfile {
            name: String::new(),
            address: String::new(),
            phone: String::new(),
            npwp: None,
            branch_code: "JKT1".into(),
            counter_code: "K1".into(),
            time_zone: "Asia/Jakarta".into(),
            currency: Currency::IDR,
            tax_rate: Decimal::new(11, 2),
            prices_include_tax: false,
            receipt_terms: "Barang yang tidak diambil dalam 90 hari setelah pemberitahuan selesai bukan tanggung jawab kami. \
                            Garansi servis 30 hari untuk kerusakan yang sama. Simpan tanda terima ini untuk pengambilan."
                .into(),
            receipt_paper: PaperSize::A5,
            ticket_prefix: "SV".into(),
            invoice_prefix: "INV".into(),
            promise_days: 3,
        }
    }

    /// What choosing Türkiye at setup fills in: Istanbul's zone, TRY, KDV
    /// 20 % in the prices (Turkish shelf prices include it), the counter's
    /// terms in Turkish.
    pub fn turkish_defaults() -> Self {
        ShopProfile {
            branch_code: "IST1".into(),
            time_zone: "Europe/Istanbul".into(),
            currency: Currency::TRY,
            tax_rate: Decimal::new(20, 2),
            prices_include_tax: true,
            receipt_terms: "Onarım tamamlandığı bildirildikten sonra 90 gün içinde teslim alınmayan cihazlardan mağazamız sorumlu değildir. \
                            Aynı arıza için servis garantisi 30 gündür. Teslim almak için bu fişi saklayınız."
                .into(),
            ticket_prefix: "SF".into(),
            invoice_prefix: "FTR".into(),
            promise_days: 5,
            ..Self::indonesian_defaults()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ShopProfile {
        ShopProfile {
            name: "Toko Scanner Jaya".into(),
            address: "Jl. Mangga Dua Raya 8, Jakarta".into(),
            phone: "021-6123456".into(),
            ..ShopProfile::indonesian_defaults()
        }
    }

    #[test]
    fn defaults_validate() {
        let p = valid().validate().unwrap();
        assert_eq!(p.phone, "+62216123456");
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: Vec<(&str, ShopProfile)> = vec![
            (
                "name",
                ShopProfile {
                    name: " ".into(),
                    ..valid()
                },
            ),
            (
                "branch_code",
                ShopProfile {
                    branch_code: "J K".into(),
                    ..valid()
                },
            ),
            (
                "tax_rate",
                ShopProfile {
                    tax_rate: Decimal::new(-1, 2),
                    ..valid()
                },
            ),
            (
                "time_zone",
                ShopProfile {
                    time_zone: "Mars/Base".into(),
                    ..valid()
                },
            ),
            (
                "npwp",
                ShopProfile {
                    npwp: Some("123".into()),
                    ..valid()
                },
            ),
            (
                "phone",
                ShopProfile {
                    phone: "abc".into(),
                    ..valid()
                },
            ),
        ];
        for (field, p) in cases {
            assert_eq!(p.validate().unwrap_err().field(), Some(field));
        }
    }
}
