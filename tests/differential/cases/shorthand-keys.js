// Checks: shorthand properties; the variables stay in use after the call.
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  var amount = cart.total, currency = 'USD';
  dr.createSource({ type: 'payPal', amount, currency, payPal: { returnUrl: 'https://x.example/r' } });
  console.log(amount, currency);
}
