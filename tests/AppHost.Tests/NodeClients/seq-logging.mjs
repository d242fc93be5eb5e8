// seq-logging (Seq's own Node client): CLEF batches to <url>/api/events/raw with X-Seq-ApiKey.
// seq-logging is an ES module (with top-level await): imported, not required.
import { Logger } from 'seq-logging';
import env from './client-env.js';

const logger = new Logger({
  serverUrl: env.url,
  apiKey: env.apiKey,
  onError: env.fail,
});

const base = { Application: env.application, MachineName: 'node-seq-01' };
logger.emit({
  timestamp: new Date(),
  level: 'Information',
  messageTemplate: 'Order {OrderId} paid {Amount} by {Customer}',
  properties: { ...base, OrderId: 42, Amount: 12.5, Customer: 'ana' },
});
logger.emit({
  timestamp: new Date(),
  level: 'Warning',
  messageTemplate: 'Stock low for {Sku}: {Left} left',
  properties: { ...base, Sku: 'A-7', Left: 3 },
});
const error = new Error('card declined');
logger.emit({
  timestamp: new Date(),
  level: 'Error',
  messageTemplate: 'Payment {PaymentId} failed',
  properties: { ...base, PaymentId: 9001 },
  exception: error.stack,
});
logger.emit({ timestamp: new Date(), level: 'Debug', messageTemplate: 'Cache warmed', properties: base });

await logger.close().catch(env.fail);
