// Image references (registry/name:tag@digest) and what the grader knows about the common Node base images:
// which are pinned, which Node major they carry, which user they run as, which HTTP clients they contain.

/** Splits `ref` into { repository, name, tag, digest }; `${…}` interpolations stay whole inside the tag. */
export function parseImageRef(ref) {
  let text = String(ref).trim();
  let digest;
  const at = text.indexOf('@');
  if (at !== -1) {
    digest = text.slice(at + 1);
    text = text.slice(0, at);
  }
  let depth = 0;
  let lastSlash = -1;
  let colon = -1;
  for (let i = 0; i < text.length; i += 1) {
    if (text.startsWith('${', i)) {
      depth += 1;
      i += 1;
    } else if (text[i] === '}' && depth > 0) depth -= 1;
    else if (depth === 0 && text[i] === '/') {
      lastSlash = i;
      colon = -1;
    } else if (depth === 0 && text[i] === ':') colon = i;
  }
  const repository = colon === -1 ? text : text.slice(0, colon);
  const tag = colon === -1 ? undefined : text.slice(colon + 1);
  const name = repository.slice(lastSlash + 1);
  return { repository, name, tag, digest };
}

/** Tags that name a moving target rather than one build. */
export const MUTABLE_TAG = /^(latest|stable|main|master|dev|develop|development|edge|prod|production|staging|current|release|nightly|next|beta|alpha|lts|canary|head|trunk|test|local|unstable|rolling)$/i;

/** The Node major a base image carries, when its name or tag says so. */
export function nodeMajor(ref) {
  const { name, tag } = parseImageRef(ref);
  const inName = name.match(/^nodejs(\d+)/);
  if (inName) return Number(inName[1]);
  if (name === 'node' && tag) {
    const m = tag.match(/^v?(\d+)/);
    if (m) return Number(m[1]);
    const codename = tag.match(/^([a-z]+)/)?.[1];
    if (codename in LTS_CODENAMES) return LTS_CODENAMES[codename];
  }
  return undefined;
}

export const isDistroless = (ref) => /distroless\//.test(parseImageRef(ref).repository);
export const isChainguard = (ref) => /^cgr\.dev\//.test(parseImageRef(ref).repository);

/** The official node images also tag each LTS line by its codename (node:krypton-slim is Node 24). */
const LTS_CODENAMES = { hydrogen: 18, iron: 20, jod: 22, krypton: 24 };

/** Why a base image (FROM) is not pinned to a version, or undefined. */
export function basePinProblem(ref) {
  const { name, tag, digest } = parseImageRef(ref);
  if (digest) return undefined;
  if (tag === undefined) return `"${ref}" has no tag, which means latest: whatever the image's maintainers push next`;
  if (MUTABLE_TAG.test(tag)) return `"${ref}" uses the tag ${tag}, which moves whenever a new version is pushed`;
  if (/^v?\d/.test(tag) || (name === 'node' && nodeMajor(ref) !== undefined)) return undefined;
  if (/\d/.test(name) && !/^(latest)$/i.test(tag)) return undefined; // e.g. distroless/nodejs24-debian13:nonroot
  return `"${ref}" uses the tag ${tag}, which names no version (a bare variant such as slim or alpine moves with every release)`;
}

/** Why the Node version of a base image is not a supported LTS line, or undefined. */
export function nodeVersionProblem(ref) {
  const major = nodeMajor(ref);
  if (major === undefined) return undefined;
  if (major < 22) return `"${ref}" runs Node ${major}, which no longer gets security fixes (Node 20 reached its end of life in April 2026)`;
  if (major % 2 === 1) return `"${ref}" runs Node ${major}, an odd-numbered release that never becomes LTS and is retired after six months`;
  return undefined;
}

/** Images that run as a non-root user without a USER instruction. */
export function runsAsNonRootByDefault(ref) {
  const { tag } = parseImageRef(ref);
  return (isDistroless(ref) && /nonroot/.test(tag ?? '')) || (isChainguard(ref) && !/-dev$/.test(tag ?? ''));
}

/** The users a base image already has besides root. */
export function knownUsers(ref) {
  if (parseImageRef(ref).name === 'node') return ['node'];
  if (isDistroless(ref)) return ['nonroot'];
  if (isChainguard(ref)) return ['node', 'nonroot'];
  return [];
}

/** { curl, wget, shell } for the official node, distroless and Chainguard images; undefined when not known. */
export function imageTools(ref) {
  const { name, tag = '' } = parseImageRef(ref);
  if (isDistroless(ref) || (isChainguard(ref) && !/-dev$/.test(tag))) return { curl: false, wget: false, shell: false };
  if (name !== 'node') return undefined;
  if (/alpine/.test(tag)) return { curl: false, wget: true, shell: true }; // BusyBox wget
  if (/slim/.test(tag)) return { curl: false, wget: false, shell: true };
  return { curl: true, wget: true, shell: true };
}
