// Checks: `$.extend(true, p, {...})` deep-merges PayPal items into the payload.
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  var p = { type: 'payPal', payPal: { returnUrl: 'https://x.example/r', cancelUrl: 'https://x.example/c' } };
  $.extend(true, p, { payPal: { items: [{ name: 'a', quantity: 1 }] }, amount: 10, currency: 'USD' });
  dr.createSource(p);
}
