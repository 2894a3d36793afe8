// Checks: a class field holds the payload; another method reads its amount. (Top-level classes are not global properties: exposed on `window` so the harness reaches them.)
class PayPalButton {
  dr = new DigitalRiver('pk_test_case');
  payload = { type: 'payPal', amount: 15, currency: 'USD', payPal: { returnUrl: 'https://x.example/r' } };
  click() { return this.dr.createSource(this.payload); }
  label() { console.log('Pay ' + this.payload.amount + ' ' + this.payload.currency); }
}

window.PayPalButton = PayPalButton;
