// A stand-in for the team's object store, for trying things out locally. It keeps objects in memory and
// speaks the same protocol as the real one: PUT /<bucket>/<name> stores the body, GET returns it or 404.
import http from 'node:http';

const objects = new Map(); // path -> { type, bytes }

const server = http.createServer(async (req, res) => {
  const key = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  if (req.method === 'PUT') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    objects.set(key, { type: req.headers['content-type'] ?? 'application/octet-stream', bytes: Buffer.concat(chunks) });
    console.log(`stored ${key}`);
    res.writeHead(201).end();
  } else if (req.method === 'GET' && objects.has(key)) {
    const { type, bytes } = objects.get(key);
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length }).end(bytes);
  } else {
    res.writeHead(req.method === 'GET' ? 404 : 405).end();
  }
});

const port = Number(process.env.PORT ?? 9000);
server.listen(port, () => console.log(`object store listening on http://localhost:${port} (try STORAGE_URL=http://localhost:${port}/avatars)`));
