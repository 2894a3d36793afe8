// Checks: the payload is completed in one `then` and submitted in the next.
var dr = new DigitalRiver('pk_test_case');
function pay(api) {
  var p = { type: 'onlineBanking', currency: 'JPY' };
  return Promise.resolve(api)
    .then(function () { p.amount = 5000; })
    .then(function () { return dr.createSource(p); });
}
