// Checks: `p.sessionId = undefined` (a known limit: counted as present, so nothing is inserted).
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'wireTransfer', amount: 1, currency: 'EUR' };
  p.sessionId = undefined;
  dr.createSource(p);
}
