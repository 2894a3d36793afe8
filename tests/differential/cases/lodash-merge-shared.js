// Checks: `_.merge` copies from a defaults object that other code keeps using.
var dr = new DigitalRiver('pk_test_case');
var defaults = { amount: 0, currency: 'USD' };
function pay() {
  var p = _.merge({ type: 'payPalBilling', payPalBilling: { returnUrl: 'https://x.example/r' } }, defaults);
  dr.createSource(p);
  console.log(defaults.currency);
}
