// The OpenTelemetry JS logs SDK with the OTLP/HTTP exporter: <url>/v1/logs with the key in x-api-key.
'use strict';
const { SeverityNumber } = require('@opentelemetry/api-logs');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-http');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const env = require('./client-env');

const exporter = new OTLPLogExporter({ url: `${env.url}/v1/logs`, headers: { 'x-api-key': env.apiKey } });
// The SDK only logs a failed export through its diagnostics: the script says so in its exit code instead.
const exportBatch = exporter.export.bind(exporter);
exporter.export = (records, done) => exportBatch(records, result => {
  if (result.code !== 0) env.fail(result.error || new Error('OTLP export failed'));
  done(result);
});
const provider = new LoggerProvider({
  resource: resourceFromAttributes({ 'service.name': env.application, 'service.instance.id': 'node-otel-01' }),
  processors: [new BatchLogRecordProcessor({ exporter })],
});
const logger = provider.getLogger('checkout.payments', '1.0.0');

logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'order paid', attributes: { 'order.id': 42, customer: 'ana' } });
logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'stock low', attributes: { sku: 'A-7', left: 3 } });
const error = new Error('card declined');
logger.emit({
  severityNumber: SeverityNumber.ERROR,
  severityText: 'ERROR',
  body: 'payment failed',
  attributes: { 'payment.id': 9001, 'exception.type': error.name, 'exception.message': error.message, 'exception.stacktrace': error.stack },
});
logger.emit({ severityNumber: SeverityNumber.DEBUG, severityText: 'DEBUG', body: 'cache warmed' });

provider.shutdown().catch(env.fail);
