// Writes NAME.br (Brotli, quality 11) and NAME.gz (gzip -9) beside every text and wasm asset of
// a built site, so a static host can send them as they are (Content-Encoding) instead of
// compressing on each request or not at all. docs/embedding.md says how hosts use them.
//   node scripts/lib/precompress.mjs DIST_DIR
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.md']);

/** Brotli at its best setting, as hosts' offline compressors use it. */
export function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

export function gzip(bytes) {
  return gzipSync(bytes, { level: 9 });
}

function* assets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* assets(path);
    else if (COMPRESSIBLE.has(extname(name))) yield path;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = process.argv[2];
  if (!dist) throw new Error('usage: precompress.mjs DIST_DIR');
  let raw = 0;
  let br = 0;
  for (const path of assets(dist)) {
    const bytes = readFileSync(path);
    const packed = brotli(bytes);
    writeFileSync(`${path}.br`, packed);
    writeFileSync(`${path}.gz`, gzip(bytes));
    raw += bytes.length;
    br += packed.length;
  }
  console.log(`precompressed ${(raw / 1024).toFixed(0)} KiB of assets to ${(br / 1024).toFixed(0)} KiB with Brotli`);
}
