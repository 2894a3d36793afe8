// Checks: a payload exported through `module.exports` and read by another exported function.
var dr = new DigitalRiver('pk_test_case');
var payload = { type: 'bPay', amount: 42, currency: 'AUD' };
module.exports = {
  pay: function () { return dr.createSource(payload); },
  summary: function () { console.log(payload.amount); },
};
