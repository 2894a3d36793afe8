// Checks: the same payload submitted again on retry.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'konbini', amount: 2000, currency: 'JPY' };
  return dr.createSource(p).then(function (r) {
    if (r.error === null) return dr.createSource(p);
  });
}
