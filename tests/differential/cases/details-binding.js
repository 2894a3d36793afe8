// Checks: a details object read later through its own binding (`render(details.items)`).
var dr = new DigitalRiver('pk_test_case');
function render(items) { console.log('items', items); }
function pay(cart) {
  const details = { items: [{ name: 'tee', quantity: 2 }], returnUrl: 'https://x.example/r' };
  const p = { type: 'payPal', sessionId: cart.session, payPal: details };
  dr.createSource(p);
  render(details.items);
}
