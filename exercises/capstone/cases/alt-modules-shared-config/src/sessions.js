// Sessions live in the store, so a login through one copy of the app works on every other.
import { randomBytes } from 'node:crypto';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export class Sessions {
  constructor(store) {
    this.store = store;
  }

  async create(user) {
    const sid = randomBytes(18).toString('base64url');
    await this.store.put(`session:${sid}`, { user, expiresAt: Date.now() + SESSION_TTL_MS });
    return sid;
  }

  async userOf(req) {
    const sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (!sid) return undefined;
    const session = await this.store.get(`session:${sid}`);
    if (!session || session.expiresAt < Date.now()) return undefined;
    return session.user;
  }
}
