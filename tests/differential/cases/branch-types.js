// Checks: one binding, two literals by branch; `amount` is redundant for the PayPal one only.
var dr = new DigitalRiver('pk_test_case');
function pay(cart, useCard) {
  var p;
  if (useCard.yes) {
    p = { type: 'creditCard', amount: cart.total };
  } else {
    p = { type: 'payPal', amount: cart.total, payPal: { returnUrl: 'https://x.example/r' } };
  }
  return dr.createSource(p);
}
function payCard(cart) { return pay(cart, { yes: true }); }
function payPayPal(cart) { return pay(cart, { yes: false }); }
