// Checks: a spread in the payload (unresolved: must be left alone).
var dr = new DigitalRiver('pk_test_case');
function pay(extra) {
  var p = { ...extra, type: 'wireTransfer', amount: 1, currency: 'EUR' };
  dr.createSource(p);
}
