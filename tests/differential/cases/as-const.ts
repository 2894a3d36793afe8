// Checks: `as const` and `satisfies` payloads: a session id inserted inside the braces (not after `as const`); the `as const` payload is frozen by the type only, and its currency is read after the call.
declare const DigitalRiver: any;
const dr = new DigitalRiver('pk_test_case');

export function payWithKonbini(storeId: string) {
  const payload = {
    type: 'konbini',
    amount: 3000,
    currency: 'JPY',
    konbini: { storeId },
  } as const;
  return dr.createSource(payload).then(() => console.log('receipt in ' + payload.currency));
}

export function payWithKlarna() {
  return dr.createSource({
    type: 'klarnaCredit',
    amount: 40,
    currency: 'USD',
    klarnaCredit: { returnUrl: 'https://x.example/r', items: [] as const },
  } satisfies { type: string } as const);
}
