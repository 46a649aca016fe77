import assert from 'node:assert/strict';
import http from 'node:http';
import { appCopy, check, freePort, httpFetch, startApp, watchWrites } from '../kit.mjs';
import { attachStore, mediaType, picture, seen, twoPictures } from './store.mjs';
import { WAYS, startNoting, startOneWay } from './starts.mjs';

// Every check runs the app in its own copy of the learner's folder (the kit's appCopy()): checks run side by
// side, and what an app writes to its disk must be attributed to the check that started it. Pictures, buckets
// and store addresses are fresh per grade (store.mjs).

async function startWith(copy, storageUrl, why = '') {
  try {
    return await startApp({ cwd: copy.dir, env: { ...copy.env, STORAGE_URL: storageUrl } });
  } catch (error) {
    assert.fail(`With STORAGE_URL=${storageUrl}${why}, the app did not start: ${error.message}`);
  }
}

function uploadTo(fetcher, item) {
  return fetcher(`/avatars/${item.name}`, { method: 'PUT', headers: { 'content-type': item.type }, body: item.bytes });
}

async function upload(app, item) {
  const res = await uploadTo(app.fetch, item);
  const text = await res.text();
  assert.ok(res.status >= 200 && res.status < 300, `PUT /avatars/${item.name} answered ${res.status}, expected 201 (body: ${text.slice(0, 150)})`);
}

async function download(app, name) {
  const res = await app.fetch(`/avatars/${name}`);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

function assertStored(store, item) {
  const path = store.path(item.name);
  const puts = store.requests.filter((r) => r.method === 'PUT');
  assert.ok(puts.length > 0, `After PUT /avatars/${item.name}, the object store at STORAGE_URL (${store.url}) had received ${seen(store.requests)}, expected PUT ${path}`);
  const put = store.put(item.name);
  assert.ok(put, `After PUT /avatars/${item.name}, the object store had received ${seen(store.requests)}, expected PUT ${path}: an object lives at STORAGE_URL followed by /<name>`);
  assert.ok(put.bytes.equals(item.bytes), `The object store received ${put.bytes.length} bytes for ${item.name}, expected the ${item.bytes.length} bytes the client uploaded, unchanged`);
  assert.ok(
    mediaType(put.type) === item.type,
    `The object store received ${item.name} with Content-Type ${put.type ?? '(none)'}, but the client uploaded it as ${item.type}: the store keeps the type it is given, so pass on the client's`,
  );
}

function assertServed(got, item, what) {
  assert.ok(got.status === 200, `${what}: GET /avatars/${item.name} answered ${got.status}, expected 200 with the picture the store holds`);
  assert.ok(got.bytes.equals(item.bytes), `${what}: GET /avatars/${item.name} answered ${got.bytes.length} bytes that are not the ${item.bytes.length} bytes the store holds`);
  assert.ok(
    mediaType(got.type) === item.type,
    `${what}: GET /avatars/${item.name} answered Content-Type ${got.type ?? '(none)'}, expected ${item.type}, the type the store holds it with`,
  );
}

check(
  'uploads are stored in the object store named by STORAGE_URL',
  { hint: 'Where does a picture end up today, and would a second copy of the app on another machine ever see it? What does the store need besides the bytes?' },
  async () => {
    const copy = appCopy();
    const store = await attachStore();
    const app = await startWith(copy, store.url);
    const item = picture();
    await upload(app, item);
    assertStored(store, item);
  },
);

check(
  'pictures are served from the attached store',
  { hint: 'The store may hold pictures this process never saw being uploaded, and another instance may replace one at any time. Where must every download look?' },
  async () => {
    const copy = appCopy();
    const store = await attachStore();
    const [held, replacement] = twoPictures();
    store.hold(held);
    const app = await startWith(copy, store.url);
    assertServed(await download(app, held.name), held, `The object store holds ${store.bucket}/${held.name}`);
    const missing = await download(app, `nobody-${held.name}`);
    assert.ok(missing.status === 404, `GET /avatars/nobody-${held.name} answered ${missing.status}, expected 404 because the object store has no such picture`);

    // Changed behind the app's back, as another instance or an operator would: the app must show the store's version.
    const [uploaded, changed] = twoPictures();
    await upload(app, uploaded);
    store.hold({ ...replacement, name: held.name });
    store.hold({ ...changed, name: uploaded.name });
    const what = 'After the picture was replaced in the object store (by another instance)';
    assertServed(await download(app, held.name), { ...replacement, name: held.name }, what);
    assertServed(await download(app, uploaded.name), { ...changed, name: uploaded.name }, `${what} after its upload through this app`);
  },
);

check(
  'swapping the store is a change of configuration, not of code',
  { hint: 'Restart the app pointed at a different store: it should forget the old one completely. Is anything still remembered outside the store?' },
  async () => {
    const copy = appCopy(); // both starts use it: a restart on the same machine
    const first = await attachStore();
    const second = await attachStore();
    const [before, after] = twoPictures();
    after.name = before.name;

    const app = await startWith(copy, first.url);
    await upload(app, before);
    assertStored(first, before);
    await app.stop();

    const firstSeen = first.requests.length;
    const swapped = await startWith(copy, second.url, ' (a second, empty store)');
    const got = await download(swapped, before.name);
    assert.ok(
      got.status === 404,
      `Attached to the second, empty store, GET /avatars/${before.name} answered ${got.status}` +
        (got.bytes.equals(before.bytes) ? ' with the picture uploaded to the first store' : '') +
        ', expected 404: the new store does not have it',
    );
    await upload(swapped, after);
    assertStored(second, after);
    const late = first.requests.slice(firstSeen);
    assert.ok(late.length === 0, `After the swap, the first store still received ${seen(late)}, expected it to be left alone`);
    assertServed(await download(swapped, after.name), after, 'After uploading to the second store');
  },
);

check(
  "nothing is kept on the app's own disk",
  { hint: 'Files next to the code, in the temp folder or in your home folder vanish with the container and are not shared by a second instance. Is there any switch that still sends pictures there?' },
  async () => {
    const copy = appCopy();
    const store = await attachStore();
    const writes = watchWrites(copy);
    const { app, record, variables } = await startNoting({ env: { ...copy.env, STORAGE_URL: store.url }, cwd: copy.dir, tmp: copy.env.TMPDIR });
    const [one, two] = twoPictures();
    await upload(app, one);
    await upload(app, two);
    await download(app, one.name);
    await app.stop();
    const written = writes.changes().filter((change) => !change.includes(record));
    assert.ok(written.length === 0, `After two uploads and a download the app had written to disk: ${written.slice(0, 3).join('; ')}. Expected every picture to live only in the object store`);

    // A setting of the app's own beyond STORAGE_URL (AVATARS_DISK=1, LEGACY=true, …) must not send pictures
    // anywhere but the store either. An app that will not start or refuses the upload with it is not judged here.
    const own = variables();
    if (own.length === 0) return;
    const probes = await Promise.all(['1', 'true'].map(async (value) => {
      const flagged = await attachStore();
      const set = Object.fromEntries(own.map((name) => [name, value]));
      const started = await startApp({ cwd: copy.dir, env: { ...copy.env, ...set, STORAGE_URL: flagged.url } }).catch(() => undefined);
      if (!started) return undefined;
      const item = picture();
      const res = await uploadTo(started.fetch, item).catch(() => undefined);
      await res?.text();
      await started.stop();
      return { value, flagged, item, res };
    }));
    for (const { value, flagged, item, res } of probes.filter(Boolean)) {
      const elsewhere = writes.changes().filter((change) => !change.includes(record));
      const settings = own.map((name) => `${name}=${value}`).join(', ');
      assert.ok(
        elsewhere.length === 0,
        `With ${settings} (read by the app) and STORAGE_URL set, an upload was written to disk: ${elsewhere.slice(0, 3).join('; ')}. Expected pictures to go only to the store, whatever else is set`,
      );
      assert.ok(
        !(res?.status >= 200 && res?.status < 300) || flagged.put(item.name),
        `With ${settings} (read by the app) and STORAGE_URL set, PUT /avatars/${item.name} answered ${res?.status} but the store received ${seen(flagged.requests)}. Expected pictures to go only to the store, whatever else is set`,
      );
    }
  },
);

/** An HTTP server on 127.0.0.1:9000, the brief's example store address, that records what reaches it. */
async function exampleAddressTrap() {
  const reached = [];
  const server = http.createServer((req, res) => {
    reached.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => res.writeHead(200, { connection: 'close' }).end());
  });
  const listening = await new Promise((resolve) => {
    server.once('error', () => resolve(false)); // taken (a grade without a sandbox of its own): no trap
    server.listen(9000, '127.0.0.1', () => resolve(true));
  });
  return { reached, close: () => listening && new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }) };
}

check(
  'without STORAGE_URL no picture is stored anywhere',
  { hint: 'A deploy that forgot STORAGE_URL, or a developer on a laptop: where would a picture go then? Should the app have any answer to that besides STORAGE_URL?' },
  async () => {
    const copy = appCopy();
    const writes = watchWrites(copy);
    const trap = await exampleAddressTrap();
    try {
      const outcomes = await Promise.all(WAYS.map(async (way) => ({ way, ...(await startOneWay(way, { env: { ...copy.env, STORAGE_URL: undefined }, cwd: copy.dir })) })));
      for (const { way, port, app } of outcomes) {
        if (port === undefined) continue; // it refused to start (or never listened): nothing can be stored
        const item = picture();
        const direct = (target, init) => httpFetch(`http://127.0.0.1:${port}${target}`, { ...init, signal: AbortSignal.timeout(1500) });
        const res = await uploadTo(direct, item).catch(() => undefined);
        await res?.text();
        await app.stop();
        const where = `Started without STORAGE_URL (${way.says})`;
        assert.ok(
          trap.reached.length === 0,
          `${where}, PUT /avatars/${item.name} reached a store at 127.0.0.1:9000 (${trap.reached[0]}), an address the app did not get from STORAGE_URL. Expected the app to find its store only through STORAGE_URL`,
        );
        const written = writes.changes();
        assert.ok(written.length === 0, `${where}, the app wrote to disk: ${written.slice(0, 3).join('; ')}. Expected no picture on the app's own disk, not even as a fallback`);
        assert.ok(
          !(res?.status >= 200 && res?.status < 300),
          `${where}, PUT /avatars/${item.name} answered ${res?.status}: the upload was accepted with no store to keep it. Expected the app to refuse to start, or every upload to fail`,
        );
      }
    } finally {
      await trap.close();
    }
  },
);

check(
  'an unreachable store is reported, not hidden',
  { hint: 'Attached resources go away sometimes. What should a client hear when its picture could not be stored, and should the app survive it?' },
  async () => {
    const copy = appCopy();
    const storageUrl = `http://127.0.0.1:${await freePort()}/avatars`;
    const app = await startWith(copy, storageUrl, ' (nothing answers there)');
    const item = picture();
    let res;
    try {
      res = await uploadTo(app.fetch, item);
    } catch (error) {
      assert.fail(`With the object store unreachable, ${error.message} Expected an error answer and the app to keep running`);
    }
    await res.text();
    assert.ok(res.status >= 500, `With nothing answering at STORAGE_URL, PUT /avatars/${item.name} answered ${res.status}, expected a 5xx error (such as 502): the picture was not stored in the object store`);
    let next;
    try {
      next = await download(app, item.name);
    } catch (error) {
      assert.fail(`After a failed upload, ${error.message} Expected the app to keep running while the store is away`);
    }
    assert.ok(next.status >= 500, `With nothing answering at STORAGE_URL, GET /avatars/${item.name} answered ${next.status}, expected a 5xx error: the app cannot know whether the picture exists`);
  },
);

check(
  'a failing store is reported, not hidden',
  { hint: 'A store can be up and still say no: it is overloaded, broken or refuses the request. Is that the same as "stored", or as "no such picture"?' },
  async () => {
    const copy = appCopy();
    const failures = new Map();
    const store = await attachStore({ failures });
    const app = await startWith(copy, store.url);
    const cases = [
      { method: 'PUT', status: 503 }, { method: 'PUT', status: 403 }, { method: 'GET', status: 500 }, { method: 'GET', status: 403 },
    ].map((item) => ({ ...item, picture: picture() }));
    for (const item of cases) failures.set(item.picture.name, item.status);
    for (const { method, status, picture: item } of cases) {
      let res;
      try {
        res = method === 'PUT' ? await uploadTo(app.fetch, item) : await app.fetch(`/avatars/${item.name}`);
      } catch (error) {
        assert.fail(`With the object store answering ${status}, ${error.message} Expected an error answer and the app to keep running`);
      }
      await res.text();
      assert.ok(
        res.status >= 500,
        `The object store answered ${method} ${store.path(item.name)} with ${status}, and the app answered ${method} /avatars/${item.name} with ${res.status}. ` +
          `Expected a 5xx error: ${method === 'PUT' ? 'the picture was not stored' : 'a failing store does not mean the picture is missing'}`,
      );
    }
  },
);
