// Checks: an alias of the payload is read after the call (`q.currency`).
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'codJapan', amount: 1200, currency: 'JPY' };
  var q = p;
  dr.createSource(p);
  console.log('currency', q.currency);
}
