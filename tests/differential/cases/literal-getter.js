// Checks: a getter in the payload; its reads are effects (DigitalRiver.js serializes the payload).
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = {
    type: 'payco',
    get amount() { console.log('amount read'); return 3000; },
    currency: 'KRW'
  };
  dr.createSource(p);
}
