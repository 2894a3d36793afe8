// Checks: a suppressed redundant field is kept, and its suppression comment too.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  dr.createSource({
    type: 'payco',
    // dr-session-lint-ignore-next-line redundant-field -- the PSP still reads amount (PAY-1)
    amount: 70,
    currency: 'KRW',
  });
}
