// Checks: a redundant field's value is an awaited call; removing it would drop the call.
var dr = new DigitalRiver('pk_test_case');
async function pay(api) {
  const p = { type: 'bankTransfer', amount: await api.total(), currency: 'KRW' };
  const result = await dr.createSource(p);
  console.log(result.source.id);
}
