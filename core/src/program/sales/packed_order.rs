//! A tracked sale's strings and order packed into bytes (kept end to end with every other sale's:
//! `Sales`): its id, the visitor id, the amounts of its quote context and the order (a tenth of the
//! memory of an [`Order`] with its strings). The id and the visitor are read in place; the order is unpacked when a command or a
//! read needs it (a refund by lines, an explanation, a snapshot).
//!
//! Layout: the id; a flags byte (visitor, context amounts, affiliate rate); the visitor id; the
//! context amounts (period sales, period revenue, period earned, customer earned, then the
//! affiliate's own rate when flagged: bytes packed before it existed read as no rate); then the order: currency (3 ASCII
//! bytes), a flags byte for its optional fields, those fields, the line count, then each line: id,
//! product, a flags byte, category, quantity, unit price, discount, tax. Strings are a length
//! (LEB128) and UTF-8 bytes; decimals a byte of scale and sign and the mantissa's magnitude
//! (LEB128): exactly the value and scale packed.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::money::Currency;
use crate::plan::{Customer, Order, OrderLine};
use crate::program::state::codec::{corrupt, put_decimal, put_str, put_varint, Reader};

const DISCOUNT: u8 = 1;
const SHIPPING: u8 = 2;
const TAX: u8 = 4;
const CUSTOMER_ID: u8 = 8;
const CUSTOMER_EMAIL: u8 = 16;
const CUSTOMER_COUNTRY: u8 = 32;
const CODE: u8 = 64;

const VISITOR: u8 = 1;
const AMOUNTS: u8 = 2;
const AFFILIATE_RATE: u8 = 4;

const LINE_CATEGORY: u8 = 1;
const LINE_DISCOUNT: u8 = 2;
const LINE_TAX: u8 = 4;

/// The amounts of a sale's quote context: the affiliate's volume and earnings before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ContextAmounts {
    pub period_sales_count: u32,
    pub period_revenue: Decimal,
    pub period_earned: Decimal,
    pub customer_earned: Decimal,
    /// The affiliate's own rate then, if they had one.
    pub affiliate_rate: Option<Decimal>,
}

/// A sale's id, visitor id, context amounts and order, packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PackedOrder<'a>(&'a [u8]);

impl<'a> PackedOrder<'a> {
    /// Packs `order` (whose id is the sale's) with the visitor id and the context amounts at the
    /// end of `out`.
    pub fn pack(out: &mut Vec<u8>, order: &Order, visitor: Option<&str>, amounts: Option<&ContextAmounts>) {
        put_str(out, &order.id);
        let rate = amounts.and_then(|a| a.affiliate_rate);
        out.push(
            flag(visitor.is_some(), VISITOR) | flag(amounts.is_some(), AMOUNTS) | flag(rate.is_some(), AFFILIATE_RATE),
        );
        if let Some(visitor) = visitor {
            put_str(out, visitor);
        }
        if let Some(a) = amounts {
            put_varint(out, u128::from(a.period_sales_count));
            for value in [a.period_revenue, a.period_earned, a.customer_earned] {
                put_decimal(out, value);
            }
            if let Some(rate) = rate {
                put_decimal(out, rate);
            }
        }
        out.extend_from_slice(order.currency.code().as_bytes());
        let c = &order.customer;
        let flags = flag(given(order.discount), DISCOUNT)
            | flag(given(order.shipping), SHIPPING)
            | flag(given(order.tax), TAX)
            | flag(c.id.is_some(), CUSTOMER_ID)
            | flag(c.email.is_some(), CUSTOMER_EMAIL)
            | flag(c.country.is_some(), CUSTOMER_COUNTRY)
            | flag(order.code.is_some(), CODE);
        out.push(flags);
        for value in [order.discount, order.shipping, order.tax] {
            if given(value) {
                put_decimal(out, value);
            }
        }
        for text in [&c.id, &c.email, &c.country, &order.code].into_iter().flatten() {
            put_str(out, text);
        }
        put_varint(out, order.lines.len() as u128);
        for line in &order.lines {
            put_str(out, &line.id);
            put_str(out, &line.product);
            let flags = flag(line.category.is_some(), LINE_CATEGORY)
                | flag(given(line.discount), LINE_DISCOUNT)
                | flag(given(line.tax), LINE_TAX);
            out.push(flags);
            if let Some(category) = &line.category {
                put_str(out, category);
            }
            put_varint(out, u128::from(line.quantity));
            put_decimal(out, line.unit_price);
            for value in [line.discount, line.tax] {
                if given(value) {
                    put_decimal(out, value);
                }
            }
        }
    }

    /// The sale's id (empty for bytes this module did not write).
    /// Bytes [`PackedOrder::bytes`] gave (a checkpoint's; reading them never panics, and bytes
    /// this module did not write unpack to an error).
    pub fn from_bytes(bytes: &'a [u8]) -> PackedOrder<'a> {
        PackedOrder(bytes)
    }

    /// The packed bytes.
    pub fn bytes(self) -> &'a [u8] {
        self.0
    }

    pub fn id(self) -> &'a str {
        Reader::new(self.0).str().unwrap_or_default()
    }

    /// The sale's id as its UTF-8 bytes, not checked again (for lookups).
    pub fn id_bytes(self) -> &'a [u8] {
        let mut r = Reader::new(self.0);
        r.varint().ok().and_then(|n| usize::try_from(n).ok()).and_then(|n| r.take(n).ok()).unwrap_or_default()
    }

    /// The visitor id given when tracking.
    pub fn visitor(self) -> Option<&'a str> {
        self.head().ok().and_then(|(visitor, _, _)| visitor)
    }

    /// The context amounts, when the sale was quoted.
    pub fn amounts(self) -> Option<ContextAmounts> {
        self.head().ok().and_then(|(_, amounts, _)| amounts)
    }

    /// The order's currency.
    pub fn currency(self) -> Result<Currency> {
        let (_, _, mut r) = self.head()?;
        Currency::from_code(r.str_of(3)?)
    }

    /// The customer's id and e-mail, read in place.
    pub fn customer(self) -> Result<(Option<&'a str>, Option<&'a str>)> {
        let (_, _, mut r) = self.head()?;
        r.take(3)?;
        let flags = r.byte()?;
        for bit in [DISCOUNT, SHIPPING, TAX] {
            if flags & bit != 0 {
                r.decimal()?;
            }
        }
        let id = if flags & CUSTOMER_ID != 0 { Some(r.str()?) } else { None };
        let email = if flags & CUSTOMER_EMAIL != 0 { Some(r.str()?) } else { None };
        Ok((id, email))
    }

    /// The visitor, the amounts, and a reader at the order.
    fn head(self) -> Result<(Option<&'a str>, Option<ContextAmounts>, Reader<'a>)> {
        let mut r = Reader::new(self.0);
        r.str()?;
        let flags = r.byte()?;
        let visitor = if flags & VISITOR != 0 { Some(r.str()?) } else { None };
        let amounts = if flags & AMOUNTS != 0 {
            Some(ContextAmounts {
                period_sales_count: u32::try_from(r.varint()?).map_err(|_| corrupt())?,
                period_revenue: r.decimal()?,
                period_earned: r.decimal()?,
                customer_earned: r.decimal()?,
                affiliate_rate: if flags & AFFILIATE_RATE != 0 { Some(r.decimal()?) } else { None },
            })
        } else {
            None
        };
        Ok((visitor, amounts, r))
    }

    /// The order. Errors ([`Error::InvalidSnapshot`]) only for bytes this module did not write.
    pub fn unpack(self) -> Result<Order> {
        let id = self.id().to_string();
        let (_, _, mut r) = self.head()?;
        let currency = Currency::from_code(r.str_of(3)?)?;
        let flags = r.byte()?;
        let amount = |bit: u8, r: &mut Reader<'_>| if flags & bit != 0 { r.decimal() } else { Ok(Decimal::ZERO) };
        let discount = amount(DISCOUNT, &mut r)?;
        let shipping = amount(SHIPPING, &mut r)?;
        let tax = amount(TAX, &mut r)?;
        let text = |bit: u8, r: &mut Reader<'_>| -> Result<Option<String>> {
            Ok(if flags & bit != 0 { Some(r.string()?) } else { None })
        };
        let customer = Customer {
            id: text(CUSTOMER_ID, &mut r)?,
            email: text(CUSTOMER_EMAIL, &mut r)?,
            country: text(CUSTOMER_COUNTRY, &mut r)?,
        };
        let code = text(CODE, &mut r)?;
        let count = r.varint()?;
        let mut lines = Vec::with_capacity(usize::try_from(count).unwrap_or(0).min(1024));
        for _ in 0..count {
            let id = r.string()?;
            let product = r.string()?;
            let flags = r.byte()?;
            let category = if flags & LINE_CATEGORY != 0 { Some(r.string()?) } else { None };
            let quantity = u32::try_from(r.varint()?).map_err(|_| corrupt())?;
            let unit_price = r.decimal()?;
            let discount = if flags & LINE_DISCOUNT != 0 { r.decimal()? } else { Decimal::ZERO };
            let tax = if flags & LINE_TAX != 0 { r.decimal()? } else { Decimal::ZERO };
            lines.push(OrderLine { id, product, category, quantity, unit_price, discount, tax });
        }
        if r.remaining() != 0 {
            return Err(corrupt());
        }
        Ok(Order { id, currency, lines, discount, shipping, tax, customer, code })
    }
}

/// Whether an optional amount is packed: all but the plain zero a missing field reads as (`0.00`
/// keeps its scale, which sums of zeros show).
fn given(value: Decimal) -> bool {
    value.mantissa() != 0 || value.scale() != 0
}

fn flag(set: bool, bit: u8) -> u8 {
    if set {
        bit
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_order_unpacks_to_itself_with_every_scale() {
        let json = r#"{"id": "o1", "currency": "EUR", "discount": "1.50", "shipping": "4.9", "tax": "0.000",
            "customer": {"id": "c1", "email": "Ann@Example.com", "country": "FR"}, "code": "ALICE",
            "lines": [{"id": "l1", "product": "p", "category": "books", "quantity": 3, "unit_price": "19.990",
                       "discount": "2", "tax": "1.25"},
                      {"id": "l2", "product": "q", "quantity": 4000000000, "unit_price": "0.000000000001"}]}"#;
        let order = Order::from_json(json).unwrap();
        let amounts = ContextAmounts {
            period_sales_count: 3,
            period_revenue: Decimal::new(30000, 2),
            period_earned: Decimal::new(-15, 1),
            customer_earned: Decimal::ZERO,
            affiliate_rate: None,
        };
        let mut bytes = Vec::new();
        PackedOrder::pack(&mut bytes, &order, Some("v-9"), Some(&amounts));
        let packed = PackedOrder(&bytes);
        assert_eq!((packed.id(), packed.visitor(), packed.amounts()), ("o1", Some("v-9"), Some(amounts)));
        // The affiliate's own rate is flagged and packed after the amounts; the order reads the same.
        let rated = ContextAmounts { affiliate_rate: Some(Decimal::new(125, 1)), ..amounts };
        let mut with_rate = Vec::new();
        PackedOrder::pack(&mut with_rate, &order, Some("v-9"), Some(&rated));
        let packed_rated = PackedOrder(&with_rate);
        assert_eq!((packed_rated.amounts(), packed_rated.unpack().unwrap()), (Some(rated), order.clone()));
        assert_eq!(with_rate.len(), bytes.len() + 2);
        let back = packed.unpack().unwrap();
        assert_eq!(back, order);
        // The scales too (`19.990`, not `19.99`): a snapshot writes the order as it was given.
        assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&order).unwrap());
        let minimal = Order::from_json(
            r#"{"id": "o2", "currency": "JPY", "lines": [{"id": "a", "product": "b", "quantity": 1, "unit_price": "100"}]}"#,
        )
        .unwrap();
        let mut bytes = Vec::new();
        PackedOrder::pack(&mut bytes, &minimal, None, None);
        let packed = PackedOrder(&bytes);
        assert_eq!((packed.id(), packed.visitor(), packed.amounts()), ("o2", None, None));
        assert_eq!(packed.unpack().unwrap(), minimal);
        // id, flags; currency, flags, line count, line id, product, line flags, quantity, price.
        assert_eq!(packed.0.len(), 3 + 1 + 3 + 1 + 1 + 2 + 2 + 1 + 1 + 2);
    }

    #[test]
    fn bytes_it_did_not_write_are_an_error() {
        let order = Order::from_json(
            r#"{"id": "o", "currency": "EUR", "lines": [{"id": "a", "product": "b", "quantity": 1, "unit_price": "1"}]}"#,
        )
        .unwrap();
        let mut bytes = Vec::new();
        PackedOrder::pack(&mut bytes, &order, Some("v"), Some(&ContextAmounts::default()));
        for cut in 0..bytes.len() {
            let truncated = PackedOrder(bytes.get(..cut).unwrap());
            assert!(truncated.unpack().is_err(), "cut at {cut}");
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(PackedOrder(&longer).unpack().is_err());
    }
}
