// Checks: template literals as values next to a redundant field (the amount itself is one).
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  dr.createSource({
    type: `payPal`,
    amount: `${cart.total}`,
    payPal: { returnUrl: `https://x.example/${cart.id}/r`, cancelUrl: `https://x.example/c` },
  });
}
