// Checks: the payment type from a string enum member (and a `const enum`, inlined by the compiler); an enum value written into the payload after it is built.
declare const DigitalRiver: any;
const dr = new DigitalRiver('pk_test_case');

enum Method {
  PayPal = 'payPal',
  Wire = 'wireTransfer',
}
const enum Currency {
  Usd = 'USD',
}

export function payWithPayPal(total: number) {
  return dr.createSource({ type: Method.PayPal, amount: total, currency: Currency.Usd, payPal: { returnUrl: 'https://x.example/r' } });
}

export function payByWire(total: number) {
  const payload: { [k: string]: unknown } = { type: Method.Wire, amount: total };
  payload['currency'] = Currency.Usd;
  return dr.createSource(payload);
}
