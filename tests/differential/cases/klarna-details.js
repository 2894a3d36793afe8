// Checks: Klarna details with many redundant fields, and one kept (`returnUrl`).
var dr = new DigitalRiver('pk_test_case');
function pay(cart) {
  return dr.createSource({
    type: 'klarnaCredit',
    amount: cart.total,
    currency: 'EUR',
    klarnaCredit: {
      returnUrl: 'https://x.example/r',
      cancelUrl: 'https://x.example/c',
      items: cart.items,
      locale: 'de_DE',
      shipping: cart.shipping,
      taxAmount: cart.tax,
    },
  });
}
