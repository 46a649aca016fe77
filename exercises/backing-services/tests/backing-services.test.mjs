import assert from 'node:assert/strict';
import { appCopy, check, freePort, listAppFiles, startApp, startFakeService } from '../kit.mjs';

// Every check runs the app in its own copy of the learner's folder (the kit's appCopy()): checks run side by side,
// and what an app writes to its disk must be attributed to the check that started it.

// A fake object store speaking the protocol from the brief: PUT <bucket>/<name> stores the body, GET returns it
// or 404. Pictures are SVG (text) because the kit's fake services record bodies as UTF-8 strings.
async function attachStore(bucket, seed = {}) {
  const objects = new Map(Object.entries(seed).map(([name, body]) => [`/${bucket}/${name}`, { type: 'image/svg+xml', body }]));
  const service = await startFakeService((req, res) => {
    const key = decodeURIComponent(new URL(req.url, 'http://store').pathname);
    if (req.method === 'PUT') {
      objects.set(key, { type: req.headers['content-type'] ?? 'application/octet-stream', body: req.body });
      res.writeHead(201).end();
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      const object = objects.get(key);
      if (!object) res.writeHead(404, { 'content-type': 'text/plain' }).end('NoSuchKey');
      else res.writeHead(200, { 'content-type': object.type }).end(req.method === 'HEAD' ? undefined : object.body);
    } else {
      res.writeHead(405).end();
    }
  });
  return { bucket, url: `${service.url}/${bucket}`, requests: service.requests, objects };
}

function avatar(initials, colour) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="${colour}"/><text x="32" y="40" text-anchor="middle" font-size="22">${initials}</text></svg>`;
}

function seen(requests) {
  if (requests.length === 0) return 'no request at all';
  const list = requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`);
  return [...new Set(list)].slice(0, 4).join(', ');
}

async function startWith(copy, storageUrl, why = '') {
  try {
    return await startApp({ cwd: copy.dir, env: { ...copy.env, STORAGE_URL: storageUrl } });
  } catch (error) {
    assert.fail(`With STORAGE_URL=${storageUrl}${why}, the app did not start: ${error.message}`);
  }
}

async function upload(app, name, picture) {
  const res = await app.fetch(`/avatars/${name}`, { method: 'PUT', headers: { 'content-type': 'image/svg+xml' }, body: picture });
  const text = await res.text();
  assert.ok(res.status >= 200 && res.status < 300, `PUT /avatars/${name} answered ${res.status}, expected 201 (body: ${text.slice(0, 150)})`);
}

function assertStored(store, name, picture) {
  const path = `/${store.bucket}/${name}`;
  const puts = store.requests.filter((r) => r.method === 'PUT');
  assert.ok(
    puts.length > 0,
    `After PUT /avatars/${name}, the object store at STORAGE_URL (${store.url}) had received ${seen(store.requests)}, expected PUT ${path}`,
  );
  const put = puts.find((r) => decodeURIComponent(new URL(r.url, 'http://store').pathname) === path);
  assert.ok(
    put,
    `After PUT /avatars/${name}, the object store had received ${seen(store.requests)}, expected PUT ${path}: an object lives at STORAGE_URL followed by /<name>`,
  );
  assert.ok(
    put.body === picture,
    `The object store received ${put.body.length} characters for ${name}, expected the ${picture.length} characters the client uploaded`,
  );
}

check(
  'uploads are stored in the object store named by STORAGE_URL',
  { hint: 'Where does a picture end up today, and would a second copy of the app on another machine ever see it?' },
  async () => {
    const copy = appCopy();
    const store = await attachStore('team-avatars');
    const app = await startWith(copy, store.url);
    const picture = avatar('AL', '#c94f7c');
    await upload(app, 'ada.svg', picture);
    assertStored(store, 'ada.svg', picture);
  },
);

check(
  'pictures are served from the attached store',
  { hint: 'The store may already hold pictures that this process never saw being uploaded. Where must a download look?' },
  async () => {
    const picture = avatar('GH', '#3b6fb6');
    const copy = appCopy();
    const store = await attachStore('team-avatars', { 'grace.svg': picture });
    const app = await startWith(copy, store.url);
    const res = await app.fetch('/avatars/grace.svg');
    const text = await res.text();
    assert.ok(
      res.status === 200,
      `The object store holds ${store.bucket}/grace.svg, but GET /avatars/grace.svg answered ${res.status}, expected 200 with that picture (store requests seen: ${seen(store.requests)})`,
    );
    assert.ok(text === picture, `GET /avatars/grace.svg answered ${text.slice(0, 80)}…, expected the picture held by the object store`);
    const missing = await app.fetch('/avatars/nobody.svg');
    await missing.text();
    assert.ok(
      missing.status === 404,
      `GET /avatars/nobody.svg answered ${missing.status}, expected 404 because the object store has no such picture`,
    );
  },
);

check(
  'swapping the store is a change of configuration, not of code',
  {
    hint: 'Restart the app pointed at a different store: it should forget the old one completely. Is anything still remembered outside the store?',
  },
  async () => {
    const copy = appCopy(); // both starts use it: a restart on the same machine
    const first = await attachStore('bucket-a');
    const second = await attachStore('bucket-b');
    const before = avatar('LT', '#e0a030');
    const after = avatar('LT', '#2f9e6e');

    const app = await startWith(copy, first.url);
    await upload(app, 'linus.svg', before);
    assertStored(first, 'linus.svg', before);
    await app.stop();

    const firstSeen = first.requests.length;
    const swapped = await startWith(copy, second.url, ' (a second, empty store)');
    const res = await swapped.fetch('/avatars/linus.svg');
    const text = await res.text();
    assert.ok(
      res.status === 404,
      `Attached to the second, empty store, GET /avatars/linus.svg answered ${res.status}` +
        (text === before ? ' with the picture uploaded to the first store' : '') +
        ', expected 404: the new store does not have it',
    );
    await upload(swapped, 'linus.svg', after);
    assertStored(second, 'linus.svg', after);
    const late = first.requests.slice(firstSeen);
    assert.ok(late.length === 0, `After the swap, the first store still received ${seen(late)}, expected it to be left alone`);
    const again = await swapped.fetch('/avatars/linus.svg');
    const againText = await again.text();
    assert.ok(again.status === 200 && againText === after, `After uploading to the second store, GET /avatars/linus.svg answered ${again.status} with ${againText === before ? 'the old picture' : `"${againText.slice(0, 60)}"`}, expected the new picture`);
  },
);

check(
  "nothing is kept on the app's own disk",
  {
    hint: 'Files next to the code vanish with the container and are not shared by a second instance. Does the app still need its folder, even when no store is configured?',
  },
  async () => {
    const copy = appCopy();
    const store = await attachStore('team-avatars');
    const before = new Set(listAppFiles(copy.dir));
    const app = await startWith(copy, store.url);
    await upload(app, 'margaret.svg', avatar('MH', '#7a4fc9'));
    await upload(app, 'katherine.svg', avatar('KJ', '#c9724f'));
    await (await app.fetch('/avatars/margaret.svg')).text();
    const added = listAppFiles(copy.dir).filter((file) => !before.has(file));
    assert.ok(
      added.length === 0,
      `After two uploads the project folder has new files: ${added.slice(0, 4).join(', ')}; expected every picture to live only in the object store`,
    );

    // Without STORAGE_URL the app may refuse to start or fail the upload, but not fall back to its own folder.
    const unattached = await startApp({ cwd: copy.dir, env: { ...copy.env, STORAGE_URL: undefined } }).catch(() => undefined);
    if (unattached) {
      try {
        await (await unattached.fetch('/avatars/dorothy.svg', { method: 'PUT', headers: { 'content-type': 'image/svg+xml' }, body: avatar('DV', '#4f9fc9') })).text();
      } catch {
        // the app gave up on the request: nothing stored, which is fine
      }
      const fallback = listAppFiles(copy.dir).filter((file) => !before.has(file));
      assert.ok(
        fallback.length === 0,
        `Started without STORAGE_URL, the app stored an upload in its own folder (${fallback.slice(0, 4).join(', ')}), expected no local fallback: every deploy attaches a store`,
      );
    }
  },
);

check(
  'an unreachable store is reported, not hidden',
  {
    hint: 'Attached resources go away sometimes. What should a client hear when its picture could not be stored, and should the app survive it?',
  },
  async () => {
    const copy = appCopy();
    const storageUrl = `http://127.0.0.1:${await freePort()}/team-avatars`;
    const app = await startWith(copy, storageUrl, ' (nothing answers there)');
    let res;
    try {
      res = await app.fetch('/avatars/alan.svg', { method: 'PUT', headers: { 'content-type': 'image/svg+xml' }, body: avatar('AT', '#555') });
    } catch (error) {
      assert.fail(`With the object store unreachable, ${error.message} Expected an error answer and the app to keep running`);
    }
    await res.text();
    assert.ok(
      res.status >= 500,
      `With nothing answering at STORAGE_URL, PUT /avatars/alan.svg answered ${res.status}, expected a 5xx error (such as 502): the picture was not stored in the object store`,
    );
    let next;
    try {
      next = await app.fetch('/avatars/alan.svg');
    } catch (error) {
      assert.fail(`After a failed upload, ${error.message} Expected the app to keep running while the store is away`);
    }
    await next.text();
    assert.ok(
      next.status >= 500,
      `With nothing answering at STORAGE_URL, GET /avatars/alan.svg answered ${next.status}, expected a 5xx error: the app cannot know whether the picture exists`,
    );
  },
);
