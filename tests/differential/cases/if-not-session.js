// Checks: `if (!p.sessionId) p.sessionId = s`: an inserted sessionId must not change which value is sent.
var dr = new DigitalRiver('pk_test_case');
function pay(token) {
  var p = { type: 'wireTransfer', amount: 5, currency: 'EUR' };
  if (!p.sessionId) p.sessionId = token.session;
  dr.createSource(p);
}
