// Checks: the details object is taken out through another name and read after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'payPal', payPal: { returnUrl: 'https://x.example/r', items: [{ name: 'mug' }], taxAmount: 1 } };
  var pp = p.payPal;
  dr.createSource(p);
  console.log(pp.items, pp.taxAmount);
}
