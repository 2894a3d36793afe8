// Checks: a switch builds a different payload per method.
var dr = new DigitalRiver('pk_test_case');
function pay(method) {
  var p;
  switch (method) {
    case 'wire': p = { type: 'wireTransfer', amount: 1, currency: 'EUR' }; break;
    case 'cod': p = { type: 'codJapan', amount: 2, currency: 'JPY' }; break;
    default: p = { type: 'creditCard' };
  }
  return dr.createSource(p);
}
function payWire() { return pay('wire'); }
function payCod() { return pay('cod'); }
function payOther() { return pay('card'); }
