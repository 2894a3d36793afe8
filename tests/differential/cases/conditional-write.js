// Checks: a redundant field written on one path only.
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  var p = { type: 'directDebit', currency: 'EUR' };
  if (cart.express) p.amount = cart.total;
  dr.createSource(p);
}
