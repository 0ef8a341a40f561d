//! The web store: WooCommerce orders imported, re-imported and pulled.

pub(crate) mod live;
pub(crate) mod woo;
