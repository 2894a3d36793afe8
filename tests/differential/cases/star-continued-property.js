// Checks: the line above a redundant property is a `*`-continued value of the previous property, not a comment.
var dr = new DigitalRiver('pk_test_case');
function pay(price, qty) {
  dr.createSource({
    type: 'payPal',
    metadata: price
      * qty,
    amount: 5,
    payPal: { returnUrl: 'https://x.example/r' },
  });
}
