// Checks: a payload typed by an interface (and a generic wrapper `send<T>`), its `amount` read after the call through a non-null assertion.
interface SourcePayload {
  type: string;
  amount?: number;
  currency?: string;
  sessionId?: string;
  [key: string]: unknown;
}

declare const DigitalRiver: any;
const dr = new DigitalRiver('pk_test_case');

function send<T extends SourcePayload>(p: T): Promise<unknown> {
  return dr.createSource(p);
}

export async function payByWire(total: number): Promise<void> {
  const payload: SourcePayload = { type: 'wireTransfer', amount: total, currency: 'EUR', wireTransfer: {} };
  await send<SourcePayload>(payload);
  console.log(`paid ${payload!.amount as number} ${payload.currency}`);
}

export function payByPayPal(): Promise<unknown> {
  const pp: SourcePayload = <SourcePayload>{ type: 'payPal', amount: 12, currency: 'USD', payPal: { returnUrl: 'https://x.example/r' } };
  return dr.createSource(pp);
}
