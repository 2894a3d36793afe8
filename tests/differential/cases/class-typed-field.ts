// Checks: a class with a typed field holding the payload (assigned in the constructor, after a parameter property), another method reading its amount; a second class whose payload field is `readonly` and never read.
declare const DigitalRiver: any;

interface SourcePayload {
  type: string;
  amount?: number;
  currency?: string;
  [key: string]: unknown;
}

export class WireCheckout {
  private payload: SourcePayload;
  private readonly dr = new DigitalRiver('pk_test_case');

  constructor(private readonly label: string) {
    this.payload = { type: 'wireTransfer', amount: 99, currency: 'EUR', wireTransfer: {} };
  }

  pay(): Promise<unknown> {
    return this.dr.createSource(this.payload);
  }

  summary(): void {
    console.log(`${this.label}: ${this.payload.amount} ${this.payload.currency}`);
  }
}

export class PayPalCheckout {
  readonly payload: Readonly<SourcePayload> = { type: 'payPal', amount: 15, currency: 'USD', payPal: { returnUrl: 'https://x.example/r' } };
  private dr: any = new DigitalRiver('pk_test_case');

  pay() {
    return this.dr.createSource(this.payload);
  }
}
