// Checks: an exported payload (ES module) read by another export after the call.
const dr = new DigitalRiver('pk_test_case');
export const payload = { type: 'codJapan', amount: 500, currency: 'JPY' };
export function pay() { return dr.createSource(payload); }
export function receipt() { console.log('receipt', payload.amount, payload.currency); }
