// Checks: a click handler registered on a DOM element builds and submits the payload.
var dr = new DigitalRiver('pk_test_case');
document.getElementById('pay').addEventListener('click', function (event) {
  event.preventDefault();
  var p = { type: 'payPal', amount: 20, currency: 'USD', payPal: { returnUrl: 'https://x.example/r', items: [], shippingAmount: 2 } };
  dr.createSource(p).then(function (r) { window.location.href = r.source.redirect.redirectUrl; });
});
