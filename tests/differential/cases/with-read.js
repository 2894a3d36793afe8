// Checks: a sloppy-mode `with (p)` block reads the payload's fields after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'konbini', amount: 600, currency: 'JPY' };
  dr.createSource(p);
  with (p) { console.log(type, currency); }
}
