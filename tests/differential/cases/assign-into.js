// Checks: `Object.assign(p, {...})` adds the redundant fields to the payload.
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  var p = { type: 'wireTransfer' };
  Object.assign(p, { amount: cart.total, currency: cart.currency });
  dr.createSource(p);
}
