// Checks: a frozen payload literal.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = Object.freeze({ type: 'konbini', amount: 300, currency: 'JPY', konbini: { storeId: '010' } });
  dr.createSource(p);
}
