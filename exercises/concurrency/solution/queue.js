// Client for the platform's job queue at QUEUE_URL (API documented in dev/services.js).
const base = (process.env.QUEUE_URL ?? '').replace(/\/+$/, '');
if (!base) {
  console.error('QUEUE_URL is not set: it must point at the job queue');
  process.exit(1);
}

export async function enqueue(job) {
  const res = await fetch(`${base}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(job),
  });
  if (!res.ok) throw new Error(`queue answered ${res.status} when adding a job`);
}

// Resolves to the next job, or undefined when the queue is empty.
export async function take() {
  const res = await fetch(`${base}/jobs/take`, { method: 'POST' });
  if (res.status === 204) return undefined;
  if (!res.ok) throw new Error(`queue answered ${res.status} when taking a job`);
  return (await res.json()).job;
}
