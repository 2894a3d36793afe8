// Checks: `p.sessionId ||= s` after the literal.
var dr = new DigitalRiver('pk_test_case');
function pay(token) {
  var p = { type: 'directDebit', amount: 9, currency: 'EUR' };
  p.sessionId ||= token.session;
  dr.createSource(p);
}
