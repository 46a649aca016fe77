// Local stand-ins for the platform's backing services, so the app can run on a laptop.
//
// Mail service (MAILER_URL=http://127.0.0.1:4025):
//   POST /messages  {to, subject, text}  -> 202, and the message is printed here
//
// Job queue (QUEUE_URL=http://127.0.0.1:4026):
//   POST /jobs       any JSON body        -> 201 {"id"}   adds a job at the back of the queue
//   POST /jobs/take                       -> 200 {"id", "job"} removes the job at the front and returns it,
//                                            or 204 when the queue is empty. No job is ever handed out twice.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

http.createServer(async (req, res) => {
  if (req.method === 'POST' && req.url.endsWith('/messages')) {
    const mail = JSON.parse(await readBody(req));
    console.log(`[mail] to ${mail.to}: ${mail.subject}`);
    return res.writeHead(202).end();
  }
  res.writeHead(404).end();
}).listen(4025, () => console.log('mail service on http://127.0.0.1:4025'));

const jobs = [];
http.createServer(async (req, res) => {
  const path = new URL(req.url, 'http://queue.local').pathname.replace(/\/+$/, '');
  if (req.method === 'POST' && path.endsWith('/jobs/take')) {
    const next = jobs.shift();
    if (!next) return res.writeHead(204).end();
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(next));
  }
  if (req.method === 'POST' && path.endsWith('/jobs')) {
    let job;
    try {
      job = JSON.parse(await readBody(req));
    } catch {
      return res.writeHead(400).end('job must be JSON');
    }
    const id = randomUUID();
    jobs.push({ id, job });
    console.log(`[queue] job ${id} added, ${jobs.length} waiting`);
    return res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  }
  res.writeHead(404).end();
}).listen(4026, () => console.log('job queue on http://127.0.0.1:4026'));
