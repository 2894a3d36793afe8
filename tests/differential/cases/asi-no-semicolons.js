// Checks: a file without semicolons: removing a write must not join the lines around it.
var dr = new DigitalRiver('pk_test_case')
function pay(cart) {
  const p = { type: 'codJapan' }
  const n = cart.count
  p.amount = n
  p.currency = 'JPY'
  ;[1, 2].forEach((i) => console.log(i))
  dr.createSource(p)
}
