// Checks: the payload is also posted to the merchant's backend after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'directDebit', amount: 11, currency: 'EUR' };
  return dr.createSource(p).then(function () {
    return fetch('/audit', { method: 'POST', body: JSON.stringify(p) });
  });
}
