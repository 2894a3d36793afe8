// Checks: payloads in an array, submitted in a forEach.
var dr = new DigitalRiver('pk_test_case');
function payAll() {
  var a = { type: 'wireTransfer', amount: 1, currency: 'EUR' };
  var b = { type: 'directDebit', amount: 2, currency: 'EUR' };
  [a, b].forEach(function (p) { dr.createSource(p); });
}
