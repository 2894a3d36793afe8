// Checks: `Object.assign` copies fields from an object that is logged afterwards.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var totals = { amount: 25, currency: 'EUR' };
  var p = Object.assign({ type: 'directDebit' }, totals);
  dr.createSource(p);
  console.log(totals);
}
