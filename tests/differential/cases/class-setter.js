// Checks: a class with a setter wraps the payload; writes through the instance reach the payload. (Top-level classes are not global properties: exposed on `window` so the harness reaches them.)
var dr = new DigitalRiver('pk_test_case');
class Order {
  constructor() { this.payload = { type: 'konbini', currency: 'JPY' }; }
  set total(v) { console.log('total', v); this.payload.amount = v; }
  submit() { this.total = 990; return dr.createSource(this.payload); }
}

window.Order = Order;
