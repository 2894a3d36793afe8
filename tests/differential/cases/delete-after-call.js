// Checks: the payload is changed and logged after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'payco', amount: 1, currency: 'KRW' };
  dr.createSource(p);
  delete p.amount;
  console.log(JSON.stringify(p));
}
