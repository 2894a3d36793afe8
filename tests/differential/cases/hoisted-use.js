// Checks: the function using the payload is declared before the `var` that holds it.
var dr = new DigitalRiver('pk_test_case');
function pay() { return dr.createSource(payload); }
var payload = { type: 'directDebit', amount: 30, currency: 'EUR', directDebit: { iban: 'DE00' } };
