// Checks: non-ASCII comments and strings around a removed property.
var dr = new DigitalRiver('pk_test_case');
function pay() {
  dr.createSource({
    type: 'konbini',
    // Betrag in Yen — 合計金額
    amount: 1980,
    currency: 'JPY', // 通貨
    owner: { lastName: '山田' },
  });
}
