// Checks: a setter in the payload literal; removing the write `p.amount = 5` drops the setter's effect.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = {
    type: 'bPay',
    set amount(v) { console.log('amount set to', v); }
  };
  p.amount = 5;
  dr.createSource(p);
}
