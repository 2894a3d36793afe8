// Checks: comments and a `*`-continued expression above a redundant write.
var dr = new DigitalRiver('pk_test_case');
function pay(price, quantity) {
  var p = { type: 'konbini', currency: 'JPY' };
  // the total, in yen
  var total = price
    * quantity;
  p.amount = total;
  dr.createSource(p);
  console.log(total);
}
