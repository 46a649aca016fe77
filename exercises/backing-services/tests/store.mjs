// The fake object store and the pictures the checks send through the app. Everything is fresh per grade: bucket
// paths, picture names, bytes and types, so no value can be special-cased, and a type never matches the name's
// extension, so an app that guesses the type from the name instead of keeping it is seen.
import { randomBytes, randomInt } from 'node:crypto';
import { startFakeService } from '../kit.mjs';

const pick = (list) => list[randomInt(list.length)];
export const token = (length = 6) => randomBytes(length).toString('hex').slice(0, length);

/** An address on the loopback network other than 127.0.0.1 (see startFakeService's host). */
const loopbackHost = () => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;

// Each type with the bytes its files start with, and an extension that belongs to another type.
const FORMATS = [
  { type: 'image/png', magic: Buffer.from('89504e470d0a1a0a', 'hex'), otherExtension: 'jpg' },
  { type: 'image/webp', magic: Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), otherExtension: 'png' },
  { type: 'image/jpeg', magic: Buffer.from('ffd8ffe000104a464946', 'hex'), otherExtension: 'webp' },
  { type: 'image/avif', magic: Buffer.from('\0\0\0\x20ftypavif', 'latin1'), otherExtension: 'png' },
  { type: 'image/gif', magic: Buffer.from('GIF89a', 'latin1'), otherExtension: 'jpg' },
];
const PEOPLE = ['ada', 'grace', 'linus', 'margaret', 'katherine', 'alan', 'dorothy', 'edsger', 'barbara', 'radia'];

/**
 * A picture: { name, type, bytes }. Binary, with the magic bytes of its type, a name whose extension belongs to
 * another type, and bytes no two pictures share.
 */
export function picture(format = pick(FORMATS)) {
  const bytes = Buffer.concat([format.magic, randomBytes(200 + randomInt(1200))]);
  return { name: `${pick(PEOPLE)}-${token(5)}.${format.otherExtension}`, type: format.type, bytes };
}

/** Two pictures of different types. */
export function twoPictures() {
  const first = randomInt(FORMATS.length);
  const second = (first + 1 + randomInt(FORMATS.length - 1)) % FORMATS.length;
  return [picture(FORMATS[first]), picture(FORMATS[second])];
}

/** The media type of a Content-Type value, without parameters: "image/svg+xml; charset=utf-8" → "image/svg+xml". */
export const mediaType = (value) => String(value ?? '').split(';')[0].trim().toLowerCase();

/**
 * A fake object store speaking the brief's protocol: PUT <bucket>/<name> stores the body and its Content-Type,
 * GET returns them or answers 404. The bucket is at a fresh path, on a loopback address other than 127.0.0.1
 * when `elsewhere` (the default). `failures` maps a picture name to the status the store answers for it (a
 * store that is up but failing, or refusing). `objects` is the store's content, which a check may change
 * behind the app's back.
 */
export async function attachStore({ elsewhere = true, failures = new Map() } = {}) {
  const bucket = pick([`avatars-${token(4)}`, `team-${token(4)}/avatars`]);
  const objects = new Map();
  const received = []; // every PUT that was stored: { key, type, bytes }
  const service = await startFakeService((req, res) => {
    const key = decodeURIComponent(new URL(req.url, 'http://store').pathname);
    const name = key.startsWith(`/${bucket}/`) ? key.slice(bucket.length + 2) : undefined;
    if (name !== undefined && failures.has(name)) {
      const status = failures.get(name);
      return res.writeHead(status, { 'content-type': 'application/xml' }).end(`<Error><Code>${status}</Code></Error>`);
    }
    if (req.method === 'PUT') {
      received.push({ key, type: req.headers['content-type'], bytes: req.rawBody });
      objects.set(key, { type: req.headers['content-type'], bytes: req.rawBody });
      res.writeHead(200, { etag: `"${token(16)}"` }).end();
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      const object = objects.get(key);
      if (!object) return res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      const headers = { 'content-length': object.bytes.length };
      if (object.type !== undefined) headers['content-type'] = object.type;
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : object.bytes);
    } else {
      res.writeHead(405).end();
    }
  }, { host: elsewhere ? loopbackHost() : undefined });
  const url = `${service.url}/${bucket}`;
  return {
    bucket, url, objects, requests: service.requests,
    path: (name) => `/${bucket}/${name}`,
    /** Puts an object into the store directly, as another instance or an operator would. */
    hold: (item) => objects.set(`/${bucket}/${item.name}`, { type: item.type, bytes: item.bytes }),
    /** The PUT of `name` the store kept: { key, type, bytes }, or undefined. */
    put: (name) => received.find((put) => put.key === `/${bucket}/${name}`),
  };
}

/** The requests a store received, for a message: "PUT /a/b.png, GET /a/c.png" or "no request at all". */
export function seen(requests) {
  if (requests.length === 0) return 'no request at all';
  const list = requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`);
  return [...new Set(list)].slice(0, 4).join(', ');
}
