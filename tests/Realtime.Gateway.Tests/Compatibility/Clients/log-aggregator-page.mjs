// The log aggregator's documented page code ("WebSocket API": connection, JSON.parse per message, ping/pong),
// through the ws package's browser-compatible WebSocket, with only the address and the token changed.
// Prints what the page sees as JSON lines; closes after the expected number of logs.
import WebSocket from 'ws';

const url = process.argv[2];
const expected = Number(process.argv[3]);
const print = (seen) => console.log(JSON.stringify(seen));
let logs = 0;

const ws = new WebSocket(url);
ws.onopen = () => {
  print({ event: 'open' });
  ws.send('ping'); // Server responds with 'pong'
};
ws.onmessage = (event) => {
  if (event.data === 'pong') {
    print({ event: 'pong' });
    return;
  }
  const log = JSON.parse(event.data);
  print({ event: 'log', log });
  if (++logs >= expected) ws.close();
};
ws.onclose = () => {
  print({ event: 'close' });
  process.exit(0);
};
ws.onerror = (error) => {
  print({ event: 'error', message: String(error.message) });
  process.exit(1);
};
setTimeout(() => process.exit(3), 60_000);
