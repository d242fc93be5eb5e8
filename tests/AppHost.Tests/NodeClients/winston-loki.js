// winston with winston-loki: Loki push (snappy-compressed protobuf) to <url>/loki/api/v1/push with the key in X-Api-Key.
'use strict';
const winston = require('winston');
const LokiTransport = require('winston-loki');
const env = require('./client-env');

const loki = new LokiTransport({
  host: env.url,
  headers: { 'X-Api-Key': env.apiKey },
  labels: { app: env.application, host: 'node-winston-01' },
  format: winston.format.json(),
  interval: 1,
  onConnectionError: env.fail,
});
const logger = winston.createLogger({ level: 'debug', transports: [loki] });

logger.info('order paid', { orderId: 42, customer: 'ana' });
logger.warn('stock low', { sku: 'A-7', left: 3 });
logger.error('payment failed', { paymentId: 9001, error: new Error('card declined').stack });
logger.debug('cache warmed');

loki.flush().then(() => loki.close && loki.close(), env.fail);
