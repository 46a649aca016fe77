// Client for the platform's job queue (QUEUE_URL). Shared by the web and worker process types.
export class JobQueue {
  constructor(url = process.env.QUEUE_URL) {
    if (!url) throw new Error('QUEUE_URL is not set: point it at the job queue (npm run services starts one on http://127.0.0.1:4026)');
    this.base = url.replace(/\/+$/, '');
  }

  async push(job) {
    const res = await fetch(`${this.base}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(job),
    });
    if (res.status !== 201) throw new Error(`queue refused the job (${res.status})`);
    return (await res.json()).id;
  }

  /** The next job, or null when the queue is empty. */
  async take() {
    const res = await fetch(`${this.base}/jobs/take`, { method: 'POST' });
    if (res.status === 204) return null;
    if (res.status !== 200) throw new Error(`queue answered ${res.status}`);
    return res.json();
  }
}
