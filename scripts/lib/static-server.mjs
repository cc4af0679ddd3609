// A small static file server for dist/: correct MIME types (application/wasm lets the browser
// compile while downloading), no directory listing, nothing outside the root, GET and HEAD
// only, and the precompressed .br / .gz file beside an asset when the browser accepts it.
//   node scripts/lib/static-server.mjs DIR [PORT]   (PORT 0 picks a free one)
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
};

// Preferred first: Brotli is smaller; gzip is what every client takes.
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];

/** The encodings a request's Accept-Encoding allows (q=0 refuses one). */
export function acceptedEncodings(header = '') {
  const accepted = new Set();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/** Serves `root` on host:port; resolves to { server, url } once listening. */
export function startStaticServer({ root, port = 0, host = '127.0.0.1', headers = {} }) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return send(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      }
      const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
      if (path.includes('\0')) return send(response, 400, 'Bad request');
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) return send(response, 403, 'Forbidden');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return send(response, 404, 'Not found');
      const accepted = acceptedEncodings(request.headers['accept-encoding']);
      let body = { file, size: info.size, encoding: null };
      for (const [encoding, suffix] of ENCODINGS) {
        if (!accepted.has(encoding)) continue;
        const packed = await stat(file + suffix).catch(() => null);
        // A compressed copy older than its file is stale (the file was edited after the build).
        if (packed?.isFile() && packed.mtimeMs >= info.mtimeMs) {
          body = { file: file + suffix, size: packed.size, encoding };
          break;
        }
      }
      const head = {
        ...headers,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      };
      if (body.encoding) head['Content-Encoding'] = body.encoding;
      if (request.method === 'HEAD') {
        response.writeHead(200, head);
        return response.end();
      }
      // Opened before the headers go out, so a file that vanished since stat() is still a 404.
      const stream = createReadStream(body.file);
      stream.once('error', () => {
        if (response.headersSent) response.destroy();
        else send(response, 404, 'Not found');
      });
      stream.once('open', () => {
        response.writeHead(200, head);
        stream.pipe(response);
      });
    } catch {
      send(response, 400, 'Bad request');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://${host}:${actual}/` });
    });
  });
}

function send(response, status, text, extra = {}) {
  if (response.headersSent) return response.destroy();
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra });
  response.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root = 'dist', port = '8000'] = process.argv.slice(2);
  const { url } = await startStaticServer({ root, port: Number(port) });
  console.log(`Activation Explorer is served at ${url} (Ctrl+C stops it)`);
}
