// Named-argument builders for the records whose decimal fields uniffi cannot default: the defaults
// are the core's own (zero discount, shipping and tax). Conversion sugar only.
package dev.affiliatekit

import java.math.BigDecimal

/** An order line; `discount` and `tax` default to zero, as in the core's JSON. */
fun orderLine(
    id: String,
    product: String,
    quantity: UInt,
    unitPrice: BigDecimal,
    category: String? = null,
    discount: BigDecimal = BigDecimal.ZERO,
    tax: BigDecimal = BigDecimal.ZERO,
): OrderLine = OrderLine(id, product, category, quantity, unitPrice, discount, tax)

/** An order; `discount`, `shipping` and `tax` default to zero, as in the core's JSON. */
fun order(
    id: String,
    currency: String,
    lines: List<OrderLine>,
    code: String? = null,
    customer: Customer = Customer(),
    discount: BigDecimal = BigDecimal.ZERO,
    shipping: BigDecimal = BigDecimal.ZERO,
    tax: BigDecimal = BigDecimal.ZERO,
): Order = Order(id, currency, lines, discount, shipping, tax, customer, code)
