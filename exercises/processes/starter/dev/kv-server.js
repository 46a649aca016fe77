// A tiny key-value service for local runs, standing in for the team's shared store.
//   GET    /<key>  -> 200 and the value, or 404
//   PUT    /<key>  -> stores the request body as the value, 204
//   DELETE /<key>  -> 204
// Values live in this process's memory: restart it and they are gone.
import http from 'node:http';

const values = new Map();

http.createServer(async (req, res) => {
  const key = decodeURIComponent(new URL(req.url, 'http://kv.local').pathname.slice(1));
  if (req.method === 'GET') {
    if (!values.has(key)) return res.writeHead(404).end();
    return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(values.get(key));
  }
  if (req.method === 'PUT') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    values.set(key, Buffer.concat(chunks));
    return res.writeHead(204).end();
  }
  if (req.method === 'DELETE') {
    values.delete(key);
    return res.writeHead(204).end();
  }
  res.writeHead(405, { allow: 'GET, PUT, DELETE' }).end();
}).listen(process.env.KV_PORT ?? 6380, function () {
  console.log(`key-value store on http://127.0.0.1:${this.address().port}`);
});
