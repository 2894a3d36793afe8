// Checks: a redundant field's value is a comma expression that logs.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  dr.createSource({ type: 'bPay', amount: (console.log('tick'), 12), currency: 'AUD' });
}
