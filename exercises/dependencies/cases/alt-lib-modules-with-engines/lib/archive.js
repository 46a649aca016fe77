import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** The backup file: every receipt as one JSON array, gzip-compressed. */
export function archive(receipts) {
  return gzipAsync(Buffer.from(JSON.stringify(receipts), 'utf8'), { level: 6 });
}
