// A checkout page that checks a referral code as it is typed and previews its discount, with the
// `checkout` build of affiliate-kit. Every amount shown comes from the module as a decimal string:
// this file never adds, multiplies or rounds money.
import { init, checkFormat, previewIncentiveOrder } from './pkg/checkout.js';

const CURRENCY = 'EUR';

/** The cart: fixed lines, prices as decimal strings. */
const CART = [
  { id: 'l1', product: 'tote-linen', name: 'Linen tote bag', quantity: 2, unit_price: '14.90' },
  { id: 'l2', product: 'mug-enamel', name: 'Enamel mug', quantity: 1, unit_price: '12.50' },
  { id: 'l3', product: 'notebook-a5', name: 'Notebook A5, dotted', quantity: 3, unit_price: '4.35' },
];

/**
 * The codes this page knows, by normalized (canonical) code, with the incentive each carries. In a real
 * shop the server confirms the code and its incentive; this table stands in for it.
 * 1VXSNZGEY is a generated code (default policy, seed 42): its last symbol is a check symbol.
 */
const KNOWN_CODES = new Map([
  ['1VXSNZGEY', {
    label: '10% off your order',
    incentive: { discount: { type: 'percent_off', percent: '10' } },
  }],
  ['WELCOME5', {
    label: '€5.00 off orders of €30.00 or more',
    incentive: {
      discount: { type: 'amount_off', amount: { amount: '5.00', currency: CURRENCY } },
      min_order: { amount: '30.00', currency: CURRENCY },
    },
  }],
  ['BIGSPENDER', {
    label: '15% off orders of €100.00 or more',
    incentive: {
      discount: { type: 'percent_off', percent: '15' },
      min_order: { amount: '100.00', currency: CURRENCY },
    },
  }],
]);

/** No discount: its preview's total is the exact subtotal, rounded by the module. */
const NO_DISCOUNT = { discount: { type: 'percent_off', percent: '0' } };

const SYMBOLS = { EUR: '€', USD: '$', GBP: '£' };

const $ = (id) => document.getElementById(id);

/** Money from the module ({amount: "55.35", currency: "EUR"}) as text, e.g. "€55.35"; the amount is shown as is. */
function formatMoney({ amount, currency }, sign = '') {
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${amount}` : `${sign}${amount} ${currency}`;
}

/** Shows a money value in `element`, keeping the module's exact string in data-amount. */
function showMoney(element, money, sign = '') {
  element.textContent = formatMoney(money, sign);
  element.dataset.amount = money.amount;
  element.dataset.currency = money.currency;
}

function orderOf(lines) {
  return {
    id: 'checkout-preview',
    currency: CURRENCY,
    lines: lines.map(({ id, product, quantity, unit_price }) => ({ id, product, quantity, unit_price })),
  };
}

const ORDER = orderOf(CART);

/** The message and state for an invalid code, by the core's problem type. */
function invalidMessage(problem) {
  switch (problem.type) {
    case 'invalid_character':
      return `Not a code: “${problem.character}” is not allowed. Use letters, digits, spaces and hyphens.`;
    case 'too_short':
      return `Not a code: too short (at least ${problem.min} characters).`;
    case 'too_long':
      return `Not a code: too long (at most ${problem.max} characters).`;
    case 'reserved':
      return `Not a code: ${problem.word} is a reserved word.`;
    default:
      return 'Not a code: it does not have the shape of a referral code.';
  }
}

function ineligibleMessage(code, reason) {
  if (reason?.type === 'below_minimum') {
    return `Code ${code} is valid, but needs a subtotal of at least ${formatMoney(reason.minimum)}: no discount yet.`;
  }
  if (reason?.type === 'expired') return `Code ${code} has expired: no discount.`;
  return `Code ${code} does not apply to this order.`;
}

function setStatus(state, message) {
  const status = $('code-status');
  status.dataset.state = state;
  // Only touch the live region when the message changes, so screen readers are not re-read the same text.
  if (status.textContent !== message) status.textContent = message;
  $('code').setAttribute('aria-invalid', String(state === 'typo' || state === 'invalid'));
}

/** The preview of an incentive on the whole cart, now. */
function preview(incentive) {
  return previewIncentiveOrder(incentive, ORDER, new Date());
}

function showSummary(result, applied) {
  showMoney($('discount'), result.discount, applied ? '−' : '');
  showMoney($('total'), result.total);
  $('discount').closest('.row').classList.toggle('applied', applied);
}

/** Checks the typed code and updates the status and the summary. */
function update() {
  const typed = $('code').value;
  let applied = null;
  if (typed.trim() === '') {
    setStatus('empty', 'Enter a referral code if you have one.');
  } else {
    const format = checkFormat(typed);
    switch (format.verdict) {
      case 'generated':
      case 'vanity': {
        const known = KNOWN_CODES.get(format.code);
        if (known) {
          const result = preview(known.incentive);
          if (result.eligible) {
            setStatus('valid', `Code ${format.code} applied: ${known.label}.`);
            applied = result;
          } else {
            setStatus('valid', ineligibleMessage(format.code, result.reason));
          }
        } else {
          setStatus('unknown', `${format.code} looks like a code, but it is not one we know.`);
        }
        break;
      }
      case 'likely_typo':
        setStatus('typo', `Probable typo: ${format.code} has the shape of a referral code, but its check character does not match. Check each character.`);
        break;
      default:
        setStatus('invalid', invalidMessage(format.problem));
    }
  }
  showSummary(applied ?? preview(NO_DISCOUNT), applied !== null);
}

function renderCart() {
  const body = $('cart-lines');
  body.replaceChildren();
  for (const line of CART) {
    const row = document.createElement('tr');
    const amount = previewIncentiveOrder(NO_DISCOUNT, orderOf([line]), new Date()).total;
    const cells = [
      [line.name, 'th'],
      [String(line.quantity), 'td', 'num'],
      [formatMoney({ amount: line.unit_price, currency: CURRENCY }), 'td', 'num'],
      [formatMoney(amount), 'td', 'num'],
    ];
    for (const [text, tag, className] of cells) {
      const cell = document.createElement(tag);
      cell.textContent = text;
      if (tag === 'th') cell.scope = 'row';
      if (className) cell.className = className;
      row.append(cell);
    }
    row.dataset.line = line.id;
    body.append(row);
  }
  showMoney($('subtotal'), preview(NO_DISCOUNT).total);
}

async function main() {
  try {
    await init();
    renderCart();
    update();
  } catch (error) {
    console.error(error);
    const banner = $('load-error');
    banner.textContent = `The checkout module could not be loaded: ${error.message}`;
    banner.hidden = false;
    document.body.dataset.ready = 'error';
    return;
  }
  $('code').addEventListener('input', () => {
    try {
      update();
    } catch (error) {
      // Not expected with the checks above; shown rather than swallowed.
      console.error(error);
      setStatus('error', `The code could not be checked: ${error.message}`);
    }
  });
  $('code-form').addEventListener('submit', (event) => event.preventDefault());
  document.body.dataset.ready = 'true';
}

main();
