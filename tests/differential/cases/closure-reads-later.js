// Checks: a closure defined before the call reads `p.amount` after it; removing `amount` changes what it logs.
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  var p = { type: 'wireTransfer', amount: cart.total, currency: 'USD' };
  function report() { console.log('charged', p.amount); }
  dr.createSource(p);
  report();
}
