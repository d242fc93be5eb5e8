// pino with the pino-loki transport: Loki push (JSON) to <url>/loki/api/v1/push with the key in X-Api-Key.
'use strict';
const pino = require('pino');
const env = require('./client-env');

const transport = pino.transport({
  target: 'pino-loki',
  options: {
    host: env.url,
    headers: { 'X-Api-Key': env.apiKey },
    labels: { app: env.application },
    batching: { interval: 1 },
  },
});
transport.on('error', env.fail);
const logger = pino({ level: 'debug', base: { hostname: 'node-pino-01' } }, transport);

logger.info({ orderId: 42, customer: 'ana' }, 'order paid');
logger.warn({ sku: 'A-7', left: 3 }, 'stock low');
logger.error({ err: new Error('card declined'), paymentId: 9001 }, 'payment failed');
logger.debug('cache warmed');

// Ending the transport flushes its buffer (the worker's close() pushes what is left) before the process exits.
transport.on('close', () => {});
transport.end();
