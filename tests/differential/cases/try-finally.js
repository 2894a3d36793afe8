// Checks: the payload completed in `try`, submitted in `finally`.
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  var p = { type: 'bankTransfer' };
  try {
    p.amount = cart.total;
    p.currency = 'KRW';
  } finally {
    dr.createSource(p);
  }
}
