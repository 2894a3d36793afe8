// Checks: payloads made in a loop by the same literal, each submitted; the fix must apply to every one.
var dr = new DigitalRiver('pk_test_case');
function payAll() {
  var types = ['wireTransfer', 'directDebit'];
  for (var i = 0; i < types.length; i++) {
    var p = { type: types[i], amount: 10 * (i + 1), currency: 'EUR' };
    dr.createSource(p);
  }
}
