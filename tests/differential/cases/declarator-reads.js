// Checks: a later declarator of the same `var` reads the field (`b = p.amount`).
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var a = 4, p = { type: 'payco', amount: a, currency: 'KRW' }, b = p.amount;
  dr.createSource(p);
  console.log(b);
}
