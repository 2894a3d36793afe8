// Checks: TypeScript-free type assertions: JSDoc casts in parentheses around the payload.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = /** @type {any} */ ({ type: 'bankTransfer', amount: 1000, currency: 'KRW' });
  dr.createSource(/** @type {object} */ (p));
}
