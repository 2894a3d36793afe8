// Checks: the payload is logged (serialized) before the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'wireTransfer', amount: 3, currency: 'EUR' };
  console.log(JSON.stringify(p));
  dr.createSource(p);
}
