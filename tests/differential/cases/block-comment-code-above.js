// Checks: the line above a redundant write starts with a block comment but holds code.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  var p = { type: 'wireTransfer', currency: 'EUR' };
  /* audit */ console.log('audit');
  p.amount = 5;
  dr.createSource(p);
}
