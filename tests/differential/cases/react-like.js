// Checks: JSX-free React-like component: a hook-style handler passed in props.
var dr = new DigitalRiver('pk_test_case');
function PayButton(props) {
  const onPay = () => dr.createSource({ type: 'payPalCredit', amount: props.total, currency: 'USD', payPalCredit: { returnUrl: 'https://x.example/r' } });
  return h('button', { onClick: onPay }, 'Pay');
}
