// Checks: a `for...in` over the payload after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'wireTransfer', amount: 9, currency: 'EUR' };
  dr.createSource(p);
  for (var k in p) console.log(k);
}
