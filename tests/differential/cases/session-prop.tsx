// Checks: a React component whose payload already has `sessionId: props.sessionId`; its click handler reads the payload's amount after the call (in a `then`).
import React from 'react';

declare const DigitalRiver: any;
const dr = new DigitalRiver('pk_test_case');

type Props = { sessionId: string; total: number; currency: string };

export function PayPalButton(props: Props) {
  const payload = {
    type: 'payPal',
    sessionId: props.sessionId,
    amount: props.total,
    currency: props.currency,
    payPal: { returnUrl: 'https://x.example/r', cancelUrl: 'https://x.example/c' },
  };
  const onClick = (): void => {
    dr.createSource(payload).then(() => console.log('paid', payload.amount));
  };
  return (
    <div className="pay">
      <button type="button" onClick={onClick}>Pay {props.total}</button>
    </div>
  );
}

export const KonbiniButton = ({ sessionId, total }: Props) => (
  <button onClick={() => dr.createSource({ type: 'konbini', sessionId, amount: total, currency: 'JPY', konbini: { storeId: '010' } })}>
    Konbini
  </button>
);
