// Checks: the payload is also put in an array whose element is read after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'bPay', amount: 8, currency: 'AUD' };
  var history = [p];
  dr.createSource(p);
  console.log(history[0].amount);
}
