// Checks: the payload's keys are listed after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'bPay', amount: 6, currency: 'AUD' };
  dr.createSource(p);
  console.log(Object.keys(p).join(','));
}
