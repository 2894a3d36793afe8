// Checks: payload and call inside an immediately invoked function.
var dr = new DigitalRiver('pk_test_case');
(function () {
  var p = { type: 'onlineBanking', amount: 700, currency: 'JPY', onlineBanking: { bankCode: '0001' } };
  dr.createSource(p);
})();
