// Checks: one payload sent to Stripe behind a flag after DigitalRiver.js; Stripe's copy must not change.
var dr = new DigitalRiver('pk_test_case');
var stripe = Stripe('pk_stripe_case');
function pay(flags) {
  var payload = { type: 'wireTransfer', amount: 100, currency: 'EUR' };
  dr.createSource(payload);
  if (flags.legacy) {
    stripe.createSource(payload);
  }
}
