// Checks: a getter of the payload reads redundant fields through `this` (the library serializes it).
var dr = new DigitalRiver('pk_test_case');
function pay() {
  dr.createSource({
    type: 'wireTransfer',
    amount: 12,
    currency: 'EUR',
    get label() { return this.amount + ' ' + this.currency; },
  });
}
