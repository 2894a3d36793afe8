// Checks: the payload reaches createSource as a callback's parameter (not resolvable: left alone).
var dr = new DigitalRiver('pk_test_case');
function withPayload(cb) { cb({ type: 'wireTransfer', amount: 7, currency: 'EUR' }); }
function pay() {
  withPayload(function (p) { dr.createSource(p); });
}
