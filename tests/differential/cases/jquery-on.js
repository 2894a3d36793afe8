// Checks: a jQuery handler (`$(...).on('click', fn)`) with a `$.extend` default-filled payload.
var dr = new DigitalRiver('pk_test_case');
$(function () {
  $('#pay').on('click', function () {
    var p = $.extend({}, { type: 'klarnaCredit', amount: 99, currency: 'EUR' }, { klarnaCredit: { locale: 'de_DE', returnUrl: 'https://x.example/r' } });
    dr.createSource(p);
  });
});
