// The lab's trainer in a module Web Worker: its own wasm instance, the protocol of
// lab-protocol.js. The page passes the wasm's URL in the worker's own URL (?wasm=…).
import { createLabHandler, loadLabEngine } from './lab-protocol.js';

const wasmUrl = new URL(self.location.href).searchParams.get('wasm');
const handle = createLabHandler((message, transfer = []) => self.postMessage(message, transfer), () => loadLabEngine(new URL(wasmUrl, self.location.href)));
self.addEventListener('message', (event) => handle(event.data));
