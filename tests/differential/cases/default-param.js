// Checks: the payload is a parameter's default value.
var dr = new DigitalRiver('pk_test_case');
function pay(p = { type: 'payPal', amount: 5, currency: 'USD', payPal: { returnUrl: 'https://x.example/r' } }) {
  return dr.createSource(p);
}
function payDefault() { return pay(undefined); }
