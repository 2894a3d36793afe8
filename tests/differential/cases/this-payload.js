// Checks: the payload and the instance are properties of `this` in a class. (Top-level classes are not global properties: exposed on `window` so the harness reaches them.)
class Checkout {
  constructor() { this.dr = new DigitalRiver('pk_test_case'); }
  pay() {
    this.payload = { type: 'wireTransfer', amount: 8, currency: 'EUR' };
    return this.dr.createSource(this.payload);
  }
  audit() { console.log(this.payload && this.payload.amount); }
}

window.Checkout = Checkout;
