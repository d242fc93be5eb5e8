// Where the clients send: the test passes the ingest's base URL, a key and an application name unique to the test.
'use strict';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

module.exports = {
  url: required('LOGPLATFORM_URL').replace(/\/+$/, ''),
  apiKey: required('LOGPLATFORM_API_KEY'),
  application: required('LOGPLATFORM_APPLICATION'),
  // A failed send is reported on stderr and in the exit code, so the test can say why nothing arrived.
  fail(error) {
    console.error(error && error.stack ? error.stack : String(error));
    process.exitCode = 1;
  },
};
