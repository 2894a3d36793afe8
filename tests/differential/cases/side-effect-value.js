// Checks: a redundant field's value is a call with a side effect.
var dr = new DigitalRiver('pk_test_case');
var counter = 0;
function nextAmount() { counter++; console.log('computed', counter); return counter * 100; }
function pay() {
  dr.createSource({ type: 'wireTransfer', amount: nextAmount(), currency: 'EUR' });
}
