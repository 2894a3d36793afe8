// Checks: the payload's amount is read and changed in the promise callback.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'codJapan', amount: 100, currency: 'JPY' };
  dr.createSource(p).then(function () {
    p.amount += 1;
    console.log(p.amount);
  });
}
