// Checks: a field's value passed to unknown functions (`format(p.amount)`) does not make the payload
// escape: the fix is safe, and the helpers still get the same values.
var dr = new DigitalRiver('pk_test_case');
function format(n) { return '$' + n; }
function pay(order) {
  var p = { type: 'wireTransfer', amount: 40, currency: 'USD', owner: { email: 'x@example.com' } };
  document.getElementById('total').textContent = format(p.amount);
  window.analytics.track(p.currency, p.owner.email);
  return dr.createSource(p);
}
