// Checks: the payload is read by `eval` after the call (invisible to a static analysis).
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'codJapan', amount: 400, currency: 'JPY' };
  dr.createSource(p);
  eval('console.log(p.amount)');
}
