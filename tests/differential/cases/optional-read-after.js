// Checks: an optional-chained read of a redundant field after the call.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  const p = { type: 'directDebit', amount: 13, currency: 'EUR' };
  dr.createSource(p);
  console.log(p?.amount ?? 'none');
}
