// Checks: ASI hazard: the redundant write has no `;` and the next line starts with `(`.
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  var p = { type: 'wireTransfer', currency: 'EUR' }
  p.amount = cart.total
  ;(function () { console.log('ready') })()
  dr.createSource(p)
}
