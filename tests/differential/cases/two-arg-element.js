// Checks: the two-argument form `createSource(element, payload)`: the element argument is untouched.
var dr = new DigitalRiver('pk_test_case');
var el = dr.createElement('onlinebanking', {});
function pay() {
  return dr.createSource(el, { type: 'onlineBanking', amount: 1, currency: 'JPY', onlineBanking: { bankCode: '0002' } });
}
