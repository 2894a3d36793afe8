// Checks: the same payload object is sent twice with different types.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'payPal', amount: 1, currency: 'USD', payPal: { returnUrl: 'https://x.example/r' } };
  dr.createSource(p);
  p.type = 'creditCard';
  dr.createSource(p);
}
