/** Every internal link goes through here so the site works under a BASE_PATH prefix. */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export function lessonHref(slug: string): string {
  return withBase(`${slug}/`);
}
